// caffe_subset.pb.cc as protoc generates it, compiled without its one static initialiser: the
// registration of the file's descriptor in protobuf's generated pool (0.83 M instructions, 44% of
// `augur --version`'s start). protobuf registers the file on first use anyway: the first call
// that needs a descriptor (reflection, TextFormat, Message::GetDescriptor) runs
// AssignDescriptors, which adds the file to the pool first. So every run that reads no prototxt
// skips the work, and one that does pays it once, as before. The one lookup by name
// (prototxt_importer.cpp, a warning's message type) goes through NetParameter::descriptor(),
// which registers the file.
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
