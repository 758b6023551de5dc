// Valid but absurd inputs either run in bounded time and memory or are refused with a clear
// message; sizes are 64-bit and checked.
#include <chrono>

#include <gtest/gtest.h>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/memplan/footprint.h"
#include "sim/model/cpu/cpu_gemm.h"
#include "sim/schedule/simulation.h"
#include "tests/test_networks.h"
#include "tests/tx1_stacks.h"

namespace augur::test {
namespace {

const char* kInput = "layer { name: \"data\" type: \"Input\" top: \"data\" input_param { shape { dim: 1 dim: 3 dim: 8 dim: 8 } } }\n";

TEST(Limits, ABillionChannelLayerSimulatesInBoundedTime) {
  const Network net = load_network_from_prototxt_text(
      std::string(kInput) +
          "layer { name: \"huge\" type: \"Convolution\" bottom: \"data\" top: \"huge\" "
          "convolution_param { num_output: 1000000000 kernel_size: 3 pad: 1 } }\n",
      "huge.prototxt");
  const Tx1Stacks s;
  const auto start = std::chrono::steady_clock::now();
  for (auto p : {"cpu", "gpu"}) EXPECT_GT(s.run(net, p).forward_seconds, 1.0);
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(5));
  const Footprint f = plan_memory(net, s.gpu.runtime.memory, MemoryPolicy::Caffe, s.board.platform.memory.capacity_bytes);
  EXPECT_FALSE(f.fits);  // 256 GB of output
}

TEST(Limits, ShapesThatOverflowSixtyFourBitsAreRefused) {
  EXPECT_THROW(load_network_from_prototxt_text(
                   "layer { name: \"data\" type: \"Input\" top: \"data\" input_param { shape { dim: 1099511627776 "
                   "dim: 1099511627776 dim: 1099511627776 } } }\n",
                   "overflow.prototxt"),
               UserError);
}

TEST(Limits, ATerabyteCacheRunsAnalyticallyAndIsRefusedBySimulation) {
  const auto board = hwdesc::load_platform(repo_path("hwdesc/boards/jetson-tx1.yaml"), {"gpu.l2.size=1TiB", "cpu.l2.size=1TiB"});
  const auto cpu = hwdesc::load_runtime(repo_path("hwdesc/runtimes/caffe-openblas-a57.yaml"));
  const GemmShape shape{729, 128, 1200};
  EXPECT_GT(cpu_gemm_cost(shape, cpu.runtime.as<CpuRuntime>(), board.platform.hardware<CpuCluster>("cpu"), board.platform.memory).seconds, 0);
  EXPECT_THROW(cpu_gemm_cost(shape, cpu.runtime.as<CpuRuntime>(), board.platform.hardware<CpuCluster>("cpu"), board.platform.memory, CacheModel::Simulate),
               UserError);
}

TEST(Limits, AHundredThousandLayerNetworkImportsSimulatesAndPlansInBoundedTime) {
  std::string text = kInput;
  std::string bottom = "data";
  for (int i = 0; i < 100000; ++i) {
    const std::string top = "r" + std::to_string(i);
    text += "layer { name: \"" + top + "\" type: \"ReLU\" bottom: \"" + bottom + "\" top: \"" + top + "\" }\n";
    bottom = top;
  }
  const auto start = std::chrono::steady_clock::now();
  const Network net = load_network_from_prototxt_text(text, "deep.prototxt");
  EXPECT_EQ(net.graph.layers().size(), 100001u);
  const Tx1Stacks s;
  EXPECT_GT(s.run(net, "gpu").forward_seconds, 0);
  EXPECT_GT(s.run(net, "auto").forward_seconds, 0);
  const Footprint f = plan_memory(net, s.gpu.runtime.memory, MemoryPolicy::Liveness, s.board.platform.memory.capacity_bytes);
  EXPECT_EQ(f.activation_peak_bytes, 2 * 3 * 8 * 8 * 4);  // a chain: input and output of one layer
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(30));
}

}  // namespace
}  // namespace augur::test
