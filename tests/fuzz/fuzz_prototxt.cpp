// libFuzzer target: a Caffe prototxt, imported, accounted, planned and simulated on the TX1
// (CPU and GPU), so that the model code sees whatever shapes the importer lets through. First,
// the differential check of the text-format fast path: whatever it accepts, protobuf's own
// parser accepts with the same message, locations and warnings.
#include <cstdio>
#include <cstdlib>
#include <string>

#include "sim/memplan/footprint.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/accounting.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"
#include "tests/fuzz/fuzz_common.h"
#include "tests/text_format_differential.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const auto& stacks = augur::fuzz::tx1_stacks();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto paths = augur::test::compare_text_format_paths(text);
  if (!paths.difference.empty()) {
    std::fprintf(stderr, "text-format fast path differs from protobuf: %s\n", paths.difference.c_str());
    std::abort();
  }
  augur::fuzz::expect_clean([&] {
    const augur::Network net = augur::load_network_from_prototxt_text(text, "fuzz.prototxt");
    for (const auto& layer : net.graph.layers()) (void)augur::count_layer(layer);
    (void)augur::plan_memory(net, stacks.gpu.runtime.memory, augur::MemoryPolicy::Liveness, 1LL << 32);
    (void)augur::simulate(net, stacks.board.platform, augur::Runtimes{{"cpu", &stacks.cpu.runtime}, {"gpu", &stacks.gpu.runtime}},
                          augur::SimulationOptions{"auto"});
  });
  return 0;
}
