// Placement and timelines: what forward and layerwise mean, and what auto placement promises.
#include <gtest/gtest.h>

#include "sim/schedule/simulation.h"
#include "tests/test_networks.h"
#include "tests/tx1_stacks.h"

namespace augur::test {
namespace {

TEST(Simulation, CpuLayersRunOneAfterAnotherSoForwardEqualsLayerwise) {
  const Tx1Stacks s;
  const auto r = s.run(load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(1)), "cpu");
  EXPECT_NEAR(r.forward_seconds, r.layerwise_seconds, 1e-12);
  for (const auto& l : r.layers) EXPECT_EQ(r.processors[l.processor], "cpu");
}

TEST(Simulation, GpuForwardOverlapsLaunchesSoItIsNoSlowerThanLayerwise) {
  const Tx1Stacks s;
  const auto r = s.run(load_network(workload("googlenet"), NetworkOptions::with_batch(1)), "gpu");
  EXPECT_LT(r.forward_seconds, r.layerwise_seconds);
  EXPECT_GT(r.forward_seconds, 0);
}

TEST(Simulation, ACaffeTimePassAddsTheTimerGapOfEveryLayerToTheLayersTimedAlone) {
  // caffe time's "Average Forward pass" times the loop that times each layer: the layers' own
  // times plus the host's gap between consecutive timers (kernels.timer_gap, 65.7 us on the
  // TX1 cuBLAS stack, derived by validation/timer_gap.py).
  const Tx1Stacks s;
  const Network net = load_network(shared_model("squeezenet_v1.1"), NetworkOptions::with_batch(2));
  const auto r = s.run(net, "gpu");
  const double gap = s.gpu.runtime.as<GpuRuntime>().timer_gap_s;
  EXPECT_NEAR(gap, 65.7e-6, 1e-9);
  EXPECT_NEAR(r.timed_pass_seconds, r.layerwise_seconds + gap * static_cast<double>(r.layers.size()), 1e-12);
}

TEST(Simulation, AutoPlacementIsNoWorseThanEitherProcessorAlone) {
  const Tx1Stacks s;
  const auto r = s.run(load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(1)), "auto");
  ASSERT_EQ(r.all_on_forward_seconds.size(), 2u);
  ASSERT_TRUE(r.all_on_forward_seconds[0] && r.all_on_forward_seconds[1]);
  // Auto minimises the sum of layerwise costs and hand-offs, which bounds the layerwise total.
  double cpu_layerwise = 0, gpu_layerwise = 0;
  for (const auto& l : r.layers) {
    cpu_layerwise += *l.layerwise_by_processor[0];  // the TX1 board lists cpu, then gpu
    gpu_layerwise += *l.layerwise_by_processor[1];
  }
  EXPECT_LE(r.layerwise_seconds, std::min(cpu_layerwise, gpu_layerwise) * (1 + 1e-12));
}

TEST(Simulation, SwitchingProcessorsCostsAHandOff) {
  const Tx1Stacks s;
  const auto r = s.run(load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(1)), "auto");
  for (size_t i = 1; i < r.layers.size(); ++i) {
    if (r.layers[i].processor != r.layers[i - 1].processor) EXPECT_GT(r.layers[i].handoff_seconds, 0);
    else EXPECT_EQ(r.layers[i].handoff_seconds, 0);
  }
}

TEST(Simulation, TimeGrowsWithBatch) {
  const Tx1Stacks s;
  const auto one = s.run(load_network(workload("vgg16"), NetworkOptions::with_batch(1)), "gpu");
  const auto four = s.run(load_network(workload("vgg16"), NetworkOptions::with_batch(4)), "gpu");
  EXPECT_GT(four.forward_seconds, 2 * one.forward_seconds);
}

TEST(Simulation, MissingRuntimeIsAUserError) {
  const Tx1Stacks s;
  const Network net = load_network(shared_model("bvlc_alexnet"), NetworkOptions::with_batch(1));
  EXPECT_THROW(simulate(net, s.board.platform, Runtimes{{"gpu", &s.gpu.runtime}}, SimulationOptions{"cpu"}),
               UserError);
}

}  // namespace
}  // namespace augur::test
