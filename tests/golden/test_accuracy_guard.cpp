// A regression guard on the model's accuracy: the TMC'21 whole-network forward times (Augur TMC
// 2021, AlexNet and VGG-16, batch 1, CPU and GPU at maximum clocks; rows of
// ../shared/validation/measurements.csv). The target is ±10%; each budget is that target,
// or what the model achieves where it misses (then the budget says so), so that accuracy cannot
// regress unnoticed. These records are also what the runtimes were fitted on (in-sample): the
// guard catches model changes that break them; the cross-validated errors, which the error
// budgets of validation/budgets.csv hold, and the full picture are in docs/validation.md.
#include <gtest/gtest.h>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/schedule/simulation.h"
#include "tests/test_networks.h"

namespace augur::test {
namespace {

struct Record {
  const char* board;
  const char* network;  // workloads/caffe or ../shared/models/caffe
  bool gpu;
  double forward_ms;
  double budget = 0.10;  // relative
};

class TmcForwardPass : public ::testing::TestWithParam<Record> {};

TEST_P(TmcForwardPass, WithinTenPercent) {
  const Record& r = GetParam();
  const auto board = hwdesc::load_platform(repo_path(std::string("hwdesc/boards/") + r.board + ".yaml"));
  const std::string kind = r.gpu ? "gpu" : "cpu";
  const auto runtime = hwdesc::load_runtime(*hwdesc::board_runtime_path(board, kind));
  const std::string net = std::string(r.network) == "alexnet" ? shared_model("bvlc_alexnet") : workload(r.network);
  const auto result = simulate(load_network(net, NetworkOptions::with_batch(1)), board.platform,
                               Runtimes{{kind, &runtime.runtime}}, SimulationOptions{kind});
  EXPECT_NEAR(1e3 * result.forward_seconds, r.forward_ms, r.budget * r.forward_ms);
}

INSTANTIATE_TEST_SUITE_P(
    Records, TmcForwardPass,
    ::testing::Values(Record{"jetson-tk1", "alexnet", false, 618.8}, Record{"jetson-tk1", "vgg16", false, 7689.6},
                      Record{"jetson-tk1", "alexnet", true, 43.2}, Record{"jetson-tk1", "vgg16", true, 316.4},
                      Record{"jetson-tx1", "alexnet", false, 335.5}, Record{"jetson-tx1", "vgg16", false, 1608.2},
                      // Misses the ±10% target: +4.5% and +12.2% since the runtimes are fitted by
                      // `augur calibrate` on every record (2026-12-03: CK SqueezeNet 1.1 and TMC
                      // ResNet-50 pull the GEMM issue fraction down; docs/validation.md).
                      Record{"jetson-tx1", "alexnet", true, 19.7},
                      Record{"jetson-tx1", "vgg16", true, 147.8, 0.13}));

}  // namespace
}  // namespace augur::test
