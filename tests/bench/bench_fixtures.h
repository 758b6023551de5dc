// What the benchmarks share: paths in the repository and the TX1 with its two shipped stacks,
// loaded once.
#pragma once

#include <string>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"

namespace augur::bench {

inline std::string repo(const std::string& relative) { return std::string(AUGUR_SOURCE_DIR) + "/" + relative; }

struct Tx1 {
  hwdesc::LoadedPlatform board = hwdesc::load_platform(repo("hwdesc/boards/jetson-tx1.yaml"));
  hwdesc::LoadedRuntime cpu = hwdesc::load_runtime(repo("hwdesc/runtimes/caffe-openblas-a57.yaml"));
  hwdesc::LoadedRuntime gpu = hwdesc::load_runtime(repo("hwdesc/runtimes/caffe-cublas-gm20b.yaml"));
};

inline const Tx1& tx1() {
  static const Tx1 stacks;
  return stacks;
}

}  // namespace augur::bench
