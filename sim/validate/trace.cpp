// Trace label helpers.
#include "sim/validate/trace.h"

#include <algorithm>
#include <cctype>

namespace augur {
namespace {

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

}  // namespace

std::vector<std::string> covered_layers(const std::string& label) {
  std::string name = label;
  const auto colon = name.find(": ");
  if (colon != std::string::npos && colon > 0 &&
      std::all_of(name.begin(), name.begin() + static_cast<long>(colon),
                  [](char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; })) {
    name = name.substr(colon + 2);
  }
  std::vector<std::string> out;
  size_t start = 0;
  while (true) {
    const auto plus = name.find(" + ", start);
    const std::string part = trim(name.substr(start, plus == std::string::npos ? std::string::npos : plus - start));
    if (!part.empty()) out.push_back(part);
    if (plus == std::string::npos) break;
    start = plus + 3;
  }
  return out;
}

}  // namespace augur
