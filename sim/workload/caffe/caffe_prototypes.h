// The prototypes of caffe_subset.proto's messages, for building sub-messages by reflection
// (text_format.h's fast path). protobuf's generated factory answers the same, but its first use
// builds descriptor.proto's own descriptors (DescriptorPool::generated_pool(): ~1.1 M
// instructions, 2% of `augur simulate` of ResNet-152) although no prototxt needs them.
#pragma once

namespace google::protobuf {
class MessageFactory;
}

namespace augur::caffe {

// Answers every message type of caffe_subset.proto from the generated default instances; any
// other type from protobuf's generated factory.
google::protobuf::MessageFactory& caffe_prototypes();

}  // namespace augur::caffe
