// Process runner for CLI tests.
#include "tests/cli/cli_runner.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace augur::test {
namespace {

std::string slurp(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

}  // namespace

CliResult run_augur(const std::string& args) {
  static int counter = 0;
  const auto dir = std::filesystem::temp_directory_path() /
                   ("augur_cli_" + std::to_string(::getpid()) + "_" + std::to_string(counter++));
  std::filesystem::create_directories(dir);
  const std::string command = std::string("cd '") + AUGUR_SOURCE_DIR + "' && '" + AUGUR_BINARY +
                              "' " + args + " > '" + (dir / "out").string() + "' 2> '" +
                              (dir / "err").string() + "' < /dev/null";
  const int status = std::system(command.c_str());
  CliResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = slurp(dir / "out");
  result.err = slurp(dir / "err");
  std::filesystem::remove_all(dir);
  return result;
}

}  // namespace augur::test
