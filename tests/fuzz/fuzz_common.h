// Shared by the libFuzzer targets: an input is accepted or refused with a UserError; anything
// else (InternalError, another exception, a crash, a sanitizer report, a hang) is a bug.
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <vector>

#include "sim/core/error.h"
#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"

namespace augur::fuzz {

template <typename Fn>
void expect_clean(Fn&& fn) {
  try {
    fn();
  } catch (const UserError&) {
    // a clear message for bad input: expected
  } catch (const std::exception& e) {
    std::fprintf(stderr, "not a user error: %s\n", e.what());
    std::abort();
  }
}

// The TX1 board and its Caffe stacks, loaded once, for targets that simulate what they import.
struct Tx1Stacks {
  hwdesc::LoadedPlatform board = hwdesc::load_platform(std::string(AUGUR_SOURCE_DIR) + "/hwdesc/boards/jetson-tx1.yaml");
  hwdesc::LoadedRuntime cpu =
      hwdesc::load_runtime(std::string(AUGUR_SOURCE_DIR) + "/hwdesc/runtimes/caffe-openblas-a57.yaml");
  hwdesc::LoadedRuntime gpu =
      hwdesc::load_runtime(std::string(AUGUR_SOURCE_DIR) + "/hwdesc/runtimes/caffe-cublas-gm20b.yaml");
};

inline const Tx1Stacks& tx1_stacks() {
  static const Tx1Stacks stacks;
  return stacks;
}

// Splits "body\n--set a=b\n--set c=d" into the body and the override strings.
inline std::pair<std::string, std::vector<std::string>> split_overrides(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  std::vector<std::string> overrides;
  const std::string marker = "\n--set ";
  auto at = text.find(marker);
  if (at == std::string::npos) return {text, overrides};
  std::string rest = text.substr(at + 1);
  text.resize(at);
  size_t start = 0;
  while (start < rest.size()) {
    size_t end = rest.find('\n', start);
    if (end == std::string::npos) end = rest.size();
    const std::string line = rest.substr(start, end - start);
    if (line.rfind("--set ", 0) == 0) overrides.push_back(line.substr(6));
    start = end + 1;
  }
  return {text, overrides};
}

// Splits a fuzz_sweep_merge input "CSV\n--json\nJSON" into the shard CSV and its sidecar.
inline std::pair<std::string, std::string> split_merge_input(const std::string& text) {
  const std::string marker = "\n--json\n";
  const auto at = text.find(marker);
  if (at == std::string::npos) return {text, ""};
  return {text.substr(0, at + 1), text.substr(at + marker.size())};
}

}  // namespace augur::fuzz
