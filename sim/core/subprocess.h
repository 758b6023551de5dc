// Running a helper program (gnuplot) without a shell: posix_spawnp with an argument vector,
// input on a pipe. No user text is ever parsed by /bin/sh.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace augur {

// The full path of `name` on $PATH (an executable regular file), or nullopt.
std::optional<std::string> find_program(const std::string& name);

struct ProgramResult {
  int exit_code = -1;   // when it exited
  int signal = 0;       // when a signal killed it
  bool ok() const { return signal == 0 && exit_code == 0; }
};

// Runs argv (argv[0] looked up on $PATH, never through a shell) with `input` written to its
// stdin, stdout to /dev/null and stderr to `stderr_file` (created with O_EXCL|O_NOFOLLOW; empty:
// /dev/null). Waits for it. Throws UserError when it cannot be started.
ProgramResult run_program(const std::vector<std::string>& argv, const std::string& input,
                          const std::string& stderr_file = {});

// Runs the executable at `path` (not looked up on $PATH, never through a shell) with `args` after
// it, `input` written to its stdin while its stdout is read into `output` (both at once, so
// neither side blocks the other), stderr to /dev/null. Waits for it. Throws UserError when it
// cannot be started.
ProgramResult run_program_capturing(const std::string& path, const std::vector<std::string>& args,
                                    const std::string& input, std::string& output);

}  // namespace augur
