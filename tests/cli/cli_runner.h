// Runs the real `augur` binary for CLI tests and captures exit code, stdout and stderr.
#pragma once

#include <string>

namespace augur::test {

struct CliResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs `augur <args>` from the repository root (args are passed to /bin/sh as written).
CliResult run_augur(const std::string& args);

}  // namespace augur::test
