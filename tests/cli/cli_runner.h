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

// A unique directory for a test's files (mkdtemp under $TMPDIR), removed with them at the end.
class ScratchDir {
 public:
  ScratchDir();
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;
  const std::string& path() const { return path_; }
  // path() + "/" + name
  std::string file(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

}  // namespace augur::test
