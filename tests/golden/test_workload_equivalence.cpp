// Every network written for the project (workloads/caffe) gives the same per-layer names, types,
// shapes, MACs and parameters as the real published file it re-creates (../shared/models/caffe).
#include <gtest/gtest.h>

#include "tests/test_networks.h"

namespace augur::test {
namespace {

struct Pair {
  const char* ours;
  const char* real;
};

class WorkloadEquivalence : public ::testing::TestWithParam<Pair> {};

TEST_P(WorkloadEquivalence, SameLayersShapesMacsAndParams) {
  for (std::int64_t batch : {1, 10}) {
    const auto ours = accounted(workload(GetParam().ours), batch);
    const auto real = accounted(shared_model(GetParam().real), batch);
    const auto& a = ours.network.graph.layers();
    const auto& b = real.network.graph.layers();
    ASSERT_EQ(a.size(), b.size());
    for (size_t i = 0; i < a.size(); ++i) {
      EXPECT_EQ(a[i].name, b[i].name) << i;
      EXPECT_EQ(a[i].kind, b[i].kind) << a[i].name;
      EXPECT_EQ(a[i].top_shapes, b[i].top_shapes) << a[i].name;
      EXPECT_EQ(ours.account.layers[i].macs, real.account.layers[i].macs) << a[i].name;
      EXPECT_EQ(ours.account.layers[i].params, real.account.layers[i].params) << a[i].name;
    }
  }
}

INSTANTIATE_TEST_SUITE_P(
    Pairs, WorkloadEquivalence,
    ::testing::Values(Pair{"alexnet", "bvlc_alexnet"}, Pair{"caffenet", "bvlc_reference_caffenet"},
                      Pair{"googlenet", "bvlc_googlenet"}, Pair{"resnet50", "resnet_50"},
                      Pair{"resnet101", "resnet_101"}, Pair{"resnet152", "resnet_152"},
                      Pair{"squeezenet_v1.0", "squeezenet_v1.0"},
                      Pair{"squeezenet_v1.1", "squeezenet_v1.1"},
                      Pair{"mobilenet_v1", "mobilenet_v1"}),
    [](const auto& info) { return network_test_name(info.param.ours); });

}  // namespace
}  // namespace augur::test
