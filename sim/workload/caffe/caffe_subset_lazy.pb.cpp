// caffe_subset.pb.cc as protoc generates it, compiled without its one static initialiser: the
// registration of the file's descriptor in protobuf's generated pool (0.83 M instructions, 44% of
// `augur --version`'s start). protobuf registers the file on first use anyway: the first call
// that needs a descriptor (reflection, TextFormat, Message::GetDescriptor) runs
// AssignDescriptors, which adds the file to the pool first. The prototxt fast path needs none
// (text_format.h: generated field tables and the generated parser), so a run pays for the
// descriptors only when protobuf's own TextFormat reads the file or an unknown field is reported
// (prototxt_importer.cpp looks its message type up through NetParameter::descriptor(), which
// registers the file).
//
// How: protobuf's headers are included first (include guards keep the generated file from
// including them again), then the runner's type is renamed to one whose constructor does nothing.
// A protobuf that names the runner otherwise compiles the file unchanged (eager registration).
#include <google/protobuf/generated_message_reflection.h>

namespace google::protobuf::internal {
struct AugurLazyDescriptorsRunner {
  constexpr explicit AugurLazyDescriptorsRunner(const DescriptorTable*) {}
};
}  // namespace google::protobuf::internal

#define AddDescriptorsRunner AugurLazyDescriptorsRunner
#include "sim/workload/caffe/caffe_subset.pb.cc"
#undef AddDescriptorsRunner
