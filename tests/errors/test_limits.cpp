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

// Memory planning was quadratic in fan-out (a 100,000-way fan-out took 18.6 s); it is n log n.
// Every ReLU output stays live until the Concat, so the arena is exactly the live sum.
TEST(Limits, AHundredThousandWayFanOutPlansInBoundedTime) {
  constexpr int kWays = 100000;
  std::string text = kInput, concat = "layer { name: \"cat\" type: \"Concat\" top: \"cat\"";
  for (int i = 0; i < kWays; ++i) {
    const std::string top = "r" + std::to_string(i);
    text += "layer { name: \"" + top + "\" type: \"ReLU\" bottom: \"data\" top: \"" + top + "\" }\n";
    concat += " bottom: \"" + top + "\"";
  }
  text += concat + " }\n";
  const Network net = load_network_from_prototxt_text(text, "fanout.prototxt");
  const Tx1Stacks s;
  const auto start = std::chrono::steady_clock::now();
  const Footprint f = plan_memory(net, s.gpu.runtime.memory, MemoryPolicy::Liveness, s.board.platform.memory.capacity_bytes);
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const std::int64_t blob = 3 * 8 * 8 * 4;
  // At the Concat: the input (read by the Split, live until the last ReLU), every ReLU output
  // and the Concat's output (as large as all of them) are live at once.
  EXPECT_EQ(f.activation_peak_bytes, kWays * blob + kWays * blob);
  // The input's hole (freed after the last ReLU) cannot hold the Concat output: one blob more.
  EXPECT_EQ(f.arena_bytes, f.activation_peak_bytes + blob);
  EXPECT_LT(seconds, 5.0) << "planning a 100,000-way fan-out took " << seconds << " s";
}

}  // namespace
}  // namespace augur::test
