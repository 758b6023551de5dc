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

}  // namespace augur::fuzz
