// libFuzzer target: an ONNX model's bytes, imported (strictly, then with unknown operators
// allowed), accounted, planned and simulated on the TX1 (CPU and GPU).
#include <string>

#include "sim/memplan/footprint.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/accounting.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"
#include "tests/fuzz/fuzz_common.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& stacks = augur::fuzz::tx1_stacks();
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  for (bool allow_unknown : {false, true}) {
    augur::fuzz::expect_clean([&] {
      augur::NetworkOptions options;
      options.allow_unknown = allow_unknown;
      const augur::Network net = augur::load_network_from_onnx_bytes(bytes, "fuzz.onnx", options);
      for (const auto& layer : net.graph.layers()) (void)augur::count_layer(layer);
      (void)augur::plan_memory(net, stacks.gpu.runtime.memory, augur::MemoryPolicy::Liveness, 1LL << 32);
      (void)augur::simulate(net, stacks.board.platform, augur::Runtimes{{"cpu", &stacks.cpu.runtime}, {"gpu", &stacks.gpu.runtime}},
                            augur::SimulationOptions{"auto"});
    });
  }
  return 0;
}
