// The ONNX models of workloads/onnx (written by workloads/onnx/generate.py from the same network
// definitions as workloads/caffe) import to the same per-layer shapes, MACs and parameters as the
// Caffe files. The two formats differ in three documented ways, which the comparison spells out:
//   - Caffe's BatchNorm + Scale pair is one ONNX BatchNormalization, named after the BatchNorm
//     layer; Caffe's BatchNorm has one parameter more (its moving-average factor);
//   - ONNX needs a Flatten before a Gemm that reads a 4-D blob ("<fc>/flatten"); Caffe's
//     InnerProduct flattens by itself;
//   - the Split layers Caffe inserts for blobs read twice have no ONNX counterpart.
// The input is a graph input in ONNX and an Input layer in Caffe; only its shape is compared.
#include <map>

#include <gtest/gtest.h>

#include "sim/workload/accounting.h"
#include "tests/test_networks.h"

namespace augur::test {
namespace {

class OnnxEquivalence : public ::testing::TestWithParam<const char*> {};

const Layer* find_layer(const Network& net, const std::string& name) {
  for (const auto& l : net.graph.layers()) {
    if (l.name == name) return &l;
  }
  return nullptr;
}

TEST_P(OnnxEquivalence, SameShapesMacsAndParamsAsTheCaffeFile) {
  for (std::int64_t batch : {1, 4}) {
    SCOPED_TRACE("batch " + std::to_string(batch));
    const auto caffe = accounted(workload(GetParam()), batch);
    const auto onnx = accounted(onnx_workload(GetParam()), batch);
    ASSERT_EQ(onnx.network.format, "onnx");
    const auto& caffe_layers = caffe.network.graph.layers();
    std::map<std::string, bool> matched;  // ONNX layer name -> matched by a Caffe layer
    std::int64_t caffe_macs = 0, onnx_macs = 0, caffe_params = 0, onnx_params = 0, batch_norms = 0;
    for (size_t i = 0; i < caffe_layers.size(); ++i) {
      const Layer& c = caffe_layers[i];
      const LayerCounts cc = count_layer(c);
      caffe_macs += cc.macs;
      caffe_params += cc.params;
      if (c.kind == LayerKind::Input) {
        const Layer* input = find_layer(onnx.network, c.tops[0]);
        ASSERT_NE(input, nullptr) << "graph input " << c.tops[0];
        EXPECT_EQ(input->top_shapes[0], c.top_shapes[0]);
        matched[input->name] = true;
        continue;
      }
      if (c.kind == LayerKind::Split && c.implicit) continue;
      if (c.kind == LayerKind::Scale && i > 0 && caffe_layers[i - 1].kind == LayerKind::BatchNorm) continue;
      const Layer* o = find_layer(onnx.network, c.name);
      ASSERT_NE(o, nullptr) << "no ONNX node for Caffe layer " << c.name;
      matched[o->name] = true;
      const LayerCounts oc = count_layer(*o);
      EXPECT_EQ(o->kind, c.kind) << c.name;
      EXPECT_EQ(o->top_shapes[0], c.top_shapes[0]) << c.name;
      EXPECT_EQ(oc.macs, cc.macs) << c.name;
      if (c.kind == LayerKind::BatchNorm) {
        ++batch_norms;
        ASSERT_LT(i + 1, caffe_layers.size());
        const Layer& scale = caffe_layers[i + 1];
        ASSERT_EQ(scale.kind, LayerKind::Scale) << c.name;
        EXPECT_EQ(oc.params + 1, cc.params + count_layer(scale).params) << c.name;
      } else {
        EXPECT_EQ(oc.params, cc.params) << c.name;
      }
    }
    for (const auto& o : onnx.network.graph.layers()) {
      const LayerCounts oc = count_layer(o);
      onnx_macs += oc.macs;
      onnx_params += oc.params;
      if (matched.count(o.name) > 0) continue;
      EXPECT_EQ(o.kind, LayerKind::Flatten) << "ONNX node " << o.name << " has no Caffe counterpart";
      EXPECT_EQ(oc.macs + oc.params, 0) << o.name;
    }
    EXPECT_EQ(onnx_macs, caffe_macs);
    EXPECT_EQ(onnx_params + batch_norms, caffe_params);
    EXPECT_EQ(onnx.network.batch, batch);
  }
}

INSTANTIATE_TEST_SUITE_P(Networks, OnnxEquivalence,
                         ::testing::Values("alexnet", "vgg16", "resnet50", "mobilenet_v1", "squeezenet_v1.1",
                                           "caffenet", "googlenet", "nin", "resnet101", "resnet152", "squeezenet_v1.0",
                                           "vgg19"),
                         [](const auto& info) { return network_test_name(info.param); });

}  // namespace
}  // namespace augur::test
