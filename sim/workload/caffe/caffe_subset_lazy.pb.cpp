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

// caffe_prototypes.h: the file's default instances, as its descriptor table lists them.
#include <unordered_map>

#include "caffe_prototypes.h"  // beside this file: the target has only the generated folder on its path

namespace augur::caffe {
namespace {

class CaffePrototypes final : public google::protobuf::MessageFactory {
 public:
  CaffePrototypes() {
    const auto& table = descriptor_table_sim_2fworkload_2fcaffe_2fcaffe_5fsubset_2eproto;
    for (int i = 0; i < table.num_messages; ++i) {
      const google::protobuf::Message* prototype = table.default_instances[i];
      by_type_.emplace(prototype->GetDescriptor(), prototype);
    }
  }
  const google::protobuf::Message* GetPrototype(const google::protobuf::Descriptor* type) override {
    const auto it = by_type_.find(type);
    return it != by_type_.end() ? it->second : google::protobuf::MessageFactory::generated_factory()->GetPrototype(type);
  }

 private:
  std::unordered_map<const google::protobuf::Descriptor*, const google::protobuf::Message*> by_type_;
};

}  // namespace

google::protobuf::MessageFactory& caffe_prototypes() {
  static CaffePrototypes prototypes;  // after the file's descriptors, which GetDescriptor() assigns
  return prototypes;
}

}  // namespace augur::caffe
