// libFuzzer target: `augur sweep merge` on one shard. The input is the CSV, then a line
// "--json", then the definition sidecar (tests/fuzz/fuzz_common.h split_merge_input); both are
// written to a private directory and merged.
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

#include "sim/sweep/sweep_merge.h"
#include "tests/fuzz/fuzz_common.h"

namespace {

const std::string& work_dir() {
  static const std::string dir = [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "augur-fuzz-merge-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) std::abort();
    return pattern;
  }();
  return dir;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto [csv, json] = augur::fuzz::split_merge_input(text);
  const std::string shard = work_dir() + "/shard.csv", out = work_dir() + "/merged.csv";
  std::ofstream(shard, std::ios::binary | std::ios::trunc) << csv;
  std::ofstream(shard + ".json", std::ios::binary | std::ios::trunc) << json;
  augur::fuzz::expect_clean([&] { augur::sweep::merge_shards({shard}, out); });
  return 0;
}
