// Paths of the repository and of ../shared for tests.
#pragma once

#include <string>

namespace augur::test {

inline std::string repo_path(const std::string& relative) {
  return std::string(AUGUR_SOURCE_DIR) + "/" + relative;
}

}  // namespace augur::test
