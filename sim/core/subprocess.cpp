// find_program and run_program (posix_spawnp, a stdin pipe, waitpid).
#include "sim/core/subprocess.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <sstream>

#include <fmt/format.h>

#include "sim/core/error.h"

extern char** environ;

namespace augur {

std::optional<std::string> find_program(const std::string& name) {
  const char* path = std::getenv("PATH");
  std::istringstream dirs(path ? path : "/usr/local/bin:/usr/bin:/bin");
  std::string dir;
  while (std::getline(dirs, dir, ':')) {
    if (dir.empty()) continue;  // an empty entry means ".", which we do not search
    const std::string candidate = dir + "/" + name;
    struct stat st {};
    if (::stat(candidate.c_str(), &st) == 0 && S_ISREG(st.st_mode) && ::access(candidate.c_str(), X_OK) == 0) {
      return candidate;
    }
  }
  return std::nullopt;
}

// Waits for the child `pid` (started as `name`) and returns how it ended.
static ProgramResult wait_for(pid_t pid, const std::string& name) {
  int status = 0;
  while (::waitpid(pid, &status, 0) < 0) {
    if (errno != EINTR) throw UserError(fmt::format("{}: lost track of the process", name));
  }
  ProgramResult result;
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

ProgramResult run_program(const std::vector<std::string>& argv, const std::string& input,
                          const std::string& stderr_file) {
  if (argv.empty()) throw InternalError("run_program: no program");
  int pipe_fds[2];
  if (::pipe2(pipe_fds, O_CLOEXEC) != 0) throw UserError(fmt::format("{}: cannot create a pipe", argv[0]));
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, pipe_fds[0], STDIN_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDOUT_FILENO, "/dev/null", O_WRONLY, 0);
  if (stderr_file.empty()) {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  } else {
    posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, stderr_file.c_str(),
                                     O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0600);
  }
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawnp(&pid, argv[0].c_str(), &actions, nullptr, args.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(pipe_fds[0]);
  if (rc != 0) {
    ::close(pipe_fds[1]);
    throw UserError(fmt::format("{}: cannot be started ({})", argv[0], std::strerror(rc)));
  }
  // A child that exits before reading all its input must not kill us with SIGPIPE.
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  const char* data = input.data();
  size_t left = input.size();
  while (left > 0) {
    const ssize_t n = ::write(pipe_fds[1], data, left);
    if (n < 0) {
      if (errno == EINTR) continue;
      break;  // the child closed its input; its exit status tells what happened
    }
    data += n;
    left -= static_cast<size_t>(n);
  }
  ::close(pipe_fds[1]);
  ::sigaction(SIGPIPE, &previous, nullptr);
  return wait_for(pid, argv[0]);
}

ProgramResult run_program_capturing(const std::string& path, const std::vector<std::string>& args,
                                    const std::string& input, std::string& output) {
  int in_fds[2], out_fds[2];
  if (::pipe2(in_fds, O_CLOEXEC) != 0) throw UserError(fmt::format("{}: cannot create a pipe", path));
  if (::pipe2(out_fds, O_CLOEXEC) != 0) {
    ::close(in_fds[0]);
    ::close(in_fds[1]);
    throw UserError(fmt::format("{}: cannot create a pipe", path));
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, in_fds[0], STDIN_FILENO);
  posix_spawn_file_actions_adddup2(&actions, out_fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addopen(&actions, STDERR_FILENO, "/dev/null", O_WRONLY, 0);
  std::vector<char*> argv{const_cast<char*>(path.c_str())};
  for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(in_fds[0]);
  ::close(out_fds[1]);
  if (rc != 0) {
    ::close(in_fds[1]);
    ::close(out_fds[0]);
    throw UserError(fmt::format("{}: cannot be started ({})", path, std::strerror(rc)));
  }
  // A child that exits before reading all its input must not kill us with SIGPIPE.
  struct sigaction ignore {}, previous {};
  ignore.sa_handler = SIG_IGN;
  ::sigaction(SIGPIPE, &ignore, &previous);
  ::fcntl(in_fds[1], F_SETFL, O_NONBLOCK);
  int in_fd = in_fds[1];
  if (input.empty()) {
    ::close(in_fd);
    in_fd = -1;
  }
  size_t written = 0;
  output.clear();
  char buffer[1 << 16];
  for (int out_fd = out_fds[0]; out_fd >= 0;) {
    pollfd fds[2] = {{out_fd, POLLIN, 0}, {in_fd, POLLOUT, 0}};
    if (::poll(fds, in_fd >= 0 ? 2 : 1, -1) < 0) {
      if (errno == EINTR) continue;
      break;
    }
    if (in_fd >= 0 && fds[1].revents != 0) {
      const ssize_t n = ::write(in_fd, input.data() + written, input.size() - written);
      if (n > 0) written += static_cast<size_t>(n);
      if ((n < 0 && errno != EINTR && errno != EAGAIN) || written == input.size()) {
        ::close(in_fd);  // all written, or the child closed its input: its exit status tells
        in_fd = -1;
      }
    }
    if (fds[0].revents != 0) {
      const ssize_t n = ::read(out_fd, buffer, sizeof buffer);
      if (n > 0) {
        output.append(buffer, static_cast<size_t>(n));
      } else if (n == 0 || errno != EINTR) {
        ::close(out_fd);
        out_fd = -1;
      }
    }
  }
  if (in_fd >= 0) ::close(in_fd);
  ::sigaction(SIGPIPE, &previous, nullptr);
  return wait_for(pid, path);
}

}  // namespace augur
