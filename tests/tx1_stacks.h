// The Jetson TX1 board with its two validated software stacks (OpenBLAS on the A57 cluster,
// cuBLAS on the GM20B), loaded once per test fixture, and a one-call simulation on them.
#pragma once

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/schedule/simulation.h"
#include "tests/test_paths.h"

namespace augur::test {

struct Tx1Stacks {
  hwdesc::LoadedPlatform board = hwdesc::load_platform(repo_path("hwdesc/boards/jetson-tx1.yaml"));
  hwdesc::LoadedRuntime cpu = hwdesc::load_runtime(repo_path("hwdesc/runtimes/caffe-openblas-a57.yaml"));
  hwdesc::LoadedRuntime gpu = hwdesc::load_runtime(repo_path("hwdesc/runtimes/caffe-cublas-gm20b.yaml"));
  SimulationResult run(const Network& net, const std::string& p) const {
    return simulate(net, board.platform, Runtimes{{"cpu", &cpu.runtime}, {"gpu", &gpu.runtime}}, SimulationOptions{p});
  }
};

}  // namespace augur::test
