// A runtime's host times are CPU time of the framework and driver code, measured on the host CPU
// at the runtime's host_clock: on a board whose host CPU runs at another clock they scale with it
// (sim/model/host_time.h, docs/model.md "Host costs and the host's clock").
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "sim/hwdesc/loader.h"
#include "sim/model/host_time.h"
#include "sim/scenario/scenario.h"
#include "tests/test_paths.h"

namespace augur::test {
namespace {

TEST(HostTimeScale, IsTheRuntimesHostClockOverTheBoardsAndOneWhenEitherIsUnknown) {
  EXPECT_DOUBLE_EQ(host_time_scale(1.734e9, 0.867e9), 2.0);
  EXPECT_DOUBLE_EQ(host_time_scale(1.734e9, 1.734e9), 1.0);
  EXPECT_DOUBLE_EQ(host_time_scale(2.3e9, 4.6e9), 0.5);
  EXPECT_DOUBLE_EQ(host_time_scale(0, 1.734e9), 1.0);  // the runtime does not say where its times hold
  EXPECT_DOUBLE_EQ(host_time_scale(1.734e9, 0), 1.0);  // a board without a CPU
}

TEST(HostClock, ACpuIsItsOwnHostAndAnAcceleratorIsDrivenByTheBoardsCpu) {
  const Platform tx1 = hwdesc::load_platform(repo_path("hwdesc/boards/jetson-tx1.yaml")).platform;
  EXPECT_DOUBLE_EQ(tx1.find("cpu")->host_clock_hz, 1.734e9);
  EXPECT_DOUBLE_EQ(tx1.find("gpu")->host_clock_hz, 1.734e9);
  const Platform slow = hwdesc::load_platform(repo_path("hwdesc/boards/jetson-tx1.yaml"), {"cpu.clock=1 GHz"}).platform;
  EXPECT_DOUBLE_EQ(slow.find("gpu")->host_clock_hz, 1e9);
  const Platform npu = hwdesc::load_platform(repo_path("hwdesc/boards/hypothetical-tx1-npu.yaml")).platform;
  for (const auto& p : npu.processors) EXPECT_DOUBLE_EQ(p.host_clock_hz, 1.734e9) << p.name;
}

// Each layer's layerwise time on the TX1 at batch 2, with the board and runtime overrides given.
std::map<std::string, double> layerwise(const std::string& processor, std::vector<std::string> overrides) {
  ScenarioSpec spec;
  spec.board = repo_path("hwdesc/boards/jetson-tx1.yaml");
  spec.network = repo_path("workloads/caffe/alexnet.prototxt");
  spec.network_options = NetworkOptions::with_batch(2);
  spec.overrides = std::move(overrides);
  const Scenario scenario = Scenario::load(spec);
  std::map<std::string, double> out;
  for (const auto& r : scenario.simulate(processor).layers) {
    out[scenario.network().graph.layers()[r.layer].name] = r.cost().layerwise_seconds;
  }
  return out;
}

TEST(HostClock, HalvingTheHostClockDoublesAGpuLayersHostTimeAndLeavesItsKernelsAlone) {
  // ReLU, timed alone: layer_overhead + launch_issue + (kernel body + kernel_launch) + layer_sync.
  // The host's three double; the kernel and its launch gap (GPU time) do not.
  const std::vector<std::string> host = {"gpu_runtime.kernels.layer_overhead=10 us",
                                         "gpu_runtime.kernels.launch_issue=5 us",
                                         "gpu_runtime.kernels.layer_sync=20 us"};
  auto half = host;
  half.push_back("cpu.clock=0.867 GHz");
  const auto at_max = layerwise("gpu", host), at_half = layerwise("gpu", half);
  EXPECT_NEAR(at_half.at("relu1") - at_max.at("relu1"), 35e-6, 1e-12);
  // conv1 also pays the bias multiplier's copy (74.6 us fitted): doubled too.
  EXPECT_GT(at_half.at("conv1") - at_max.at("conv1"), 35e-6 + 74e-6);
}

TEST(HostClock, ARuntimeThatDoesNotSayWhereItsHostTimesHoldIsNotScaled) {
  const auto at_max = layerwise("gpu", {"gpu_runtime.host_clock=0 Hz"});
  const auto at_half = layerwise("gpu", {"gpu_runtime.host_clock=0 Hz", "cpu.clock=0.867 GHz"});
  for (const auto& [name, seconds] : at_max) EXPECT_DOUBLE_EQ(at_half.at(name), seconds) << name;
}

TEST(HostClock, OnTheCpuEveryTimeIsCpuTimeSoHalvingTheClockDoublesEveryLayer) {
  // Loops and GEMMs are counted in cycles; layer_overhead and timer_gap scale with the clock.
  const auto at_max = layerwise("cpu", {}), at_half = layerwise("cpu", {"cpu.clock=0.867 GHz"});
  for (const auto& [name, seconds] : at_max) EXPECT_NEAR(at_half.at(name), 2 * seconds, 1e-9 * seconds) << name;
}

}  // namespace
}  // namespace augur::test
