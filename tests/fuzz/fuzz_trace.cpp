// libFuzzer target: trace importers (CK JSON, caffe time logs, DeepBench CSV), and `trace
// compare` of what they accept against AlexNet simulated on the TX1's GPU.
#include <string>

#include "sim/schedule/simulation.h"
#include "sim/validate/trace_import.h"
#include "sim/validate/trace_match.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

struct Alexnet {
  augur::Network net = augur::load_network(std::string(AUGUR_SOURCE_DIR) + "/workloads/caffe/alexnet.prototxt",
                                           augur::NetworkOptions::with_batch(1));
  augur::SimulationResult result = augur::simulate(net, augur::fuzz::tx1_stacks().board.platform,
                                                   augur::Runtimes{{"gpu", &augur::fuzz::tx1_stacks().gpu.runtime}},
                                                   augur::SimulationOptions{"gpu"});
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const Alexnet alexnet;
  const std::string text(reinterpret_cast<const char*>(data), size);
  augur::fuzz::expect_clean([&] {
    const augur::Trace trace = augur::import_trace_text(text, "fuzz.trace");
    if (trace.gemms.empty()) (void)augur::compare_trace(trace, alexnet.net, alexnet.result);
  });
  return 0;
}
