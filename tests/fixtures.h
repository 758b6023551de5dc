// Bad-input fixtures: files in a tests/data folder whose `# expect: TEXT` lines state what the
// error message must contain.
#pragma once

#include <algorithm>
#include <cctype>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "tests/test_paths.h"

namespace augur::test {

// The file names in tests/data/<folder> with this extension, sorted.
inline std::vector<std::string> fixture_files(const std::string& folder, const std::string& extension) {
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(repo_path("tests/data/" + folder))) {
    if (e.path().extension() == extension) names.push_back(e.path().filename().string());
  }
  std::sort(names.begin(), names.end());
  return names;
}

// The `# expect: ` lines of a fixture.
inline std::vector<std::string> fixture_expectations(const std::string& path) {
  std::ifstream in(path);
  std::vector<std::string> out;
  const std::string marker = "# expect: ";
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(marker, 0) == 0) out.push_back(line.substr(marker.size()));
  }
  return out;
}

// A GoogleTest parameter name from a file name: the stem, non-alphanumerics as '_'.
inline std::string fixture_test_name(const std::string& file) {
  std::string name = file.substr(0, file.find('.'));
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

}  // namespace augur::test
