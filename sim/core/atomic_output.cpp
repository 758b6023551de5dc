// AtomicOutput: mkstemp beside the target, checked writes, fsync, rename; direct for devices.
#include "sim/core/atomic_output.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <vector>

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur {
namespace {

// Writes are gathered up to this size: few system calls, and a buffer small enough that its pages
// stay warm (a 1 MiB buffer grown by doubling cost a ResNet-152 JSON ~400 page faults, ~1 ms).
constexpr size_t kBufferBytes = 1 << 16;

// Permissions a plain open(O_CREAT, 0666) would give: 0666 minus the umask.
mode_t default_mode() {
  const mode_t mask = ::umask(0);
  ::umask(mask);
  return 0666 & ~mask;
}

bool write_all(int fd, std::string_view text, int& err) {
  while (!text.empty()) {
    const ssize_t n = ::write(fd, text.data(), text.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      err = errno;
      return false;
    }
    text.remove_prefix(static_cast<size_t>(n));
  }
  return true;
}

}  // namespace

AtomicOutput::AtomicOutput(std::string path, std::string label) : path_(std::move(path)), label_(std::move(label)) {
  if (label_.empty()) label_ = path_;
  if (path_.empty()) throw UserError(label_ + ": empty file name");
  if (path_ == "-") {  // standard output, written directly (its writes and close still checked)
    direct_ = true;
    std::fflush(stdout);
    fd_ = ::dup(STDOUT_FILENO);
    if (fd_ < 0) fail("standard output cannot be written", errno);
    return;
  }
  struct stat st {};
  if (::stat(path_.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    if (S_ISDIR(st.st_mode)) throw UserError(label_ + ": is a directory");
    direct_ = true;
    fd_ = ::open(path_.c_str(), O_WRONLY | O_CLOEXEC | O_NOCTTY);
    if (fd_ < 0) fail("cannot be opened for writing", errno);
    return;
  }
  const std::filesystem::path target(path_);
  const auto dir = target.parent_path().empty() ? std::filesystem::path(".") : target.parent_path();
  std::string pattern = (dir / ("." + target.filename().string() + ".tmp.XXXXXX")).string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  fd_ = ::mkstemp(name.data());  // O_CREAT|O_EXCL, mode 0600
  if (fd_ < 0) fail("cannot be written (cannot create a file in " + dir.string() + ")", errno);
  temp_ = name.data();
  // Keep the mode of the file being replaced, or what a plain open would have given.
  const mode_t mode = ::stat(path_.c_str(), &st) == 0 ? (st.st_mode & 07777) : default_mode();
  (void)::fchmod(fd_, mode);
}

AtomicOutput::~AtomicOutput() {
  if (fd_ >= 0) ::close(fd_);
  if (!committed_ && !temp_.empty()) ::unlink(temp_.c_str());
}

void AtomicOutput::fail(const std::string& what, int err) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (!temp_.empty()) ::unlink(temp_.c_str());
  temp_.clear();
  throw UserError(fmt::format("{}: {} ({})", label_, what, std::strerror(err)));
}

void AtomicOutput::write(std::string_view text) {
  if (fd_ < 0) throw InternalError(label_ + ": write after commit or failure");
  if (buffer_.empty() && text.size() >= kBufferBytes) {  // a big piece goes out as it is
    int err = 0;
    if (!write_all(fd_, text, err)) fail("cannot be written", err);
    return;
  }
  if (buffer_.capacity() < kBufferBytes) buffer_.reserve(kBufferBytes);
  buffer_.append(text);
  if (buffer_.size() >= kBufferBytes) flush();
}

void AtomicOutput::flush() {
  int err = 0;
  if (!write_all(fd_, buffer_, err)) fail("cannot be written", err);
  buffer_.clear();
}

void AtomicOutput::commit() {
  if (fd_ < 0) throw InternalError(label_ + ": committed twice or after a failure");
  flush();
  if (!direct_ && ::fsync(fd_) != 0) fail("cannot be written (fsync failed)", errno);
  const int fd = fd_;
  fd_ = -1;
  if (::close(fd) != 0) {
    const int err = errno;
    if (!temp_.empty()) ::unlink(temp_.c_str());
    temp_.clear();
    throw UserError(fmt::format("{}: cannot be written ({})", label_, std::strerror(err)));
  }
  if (!direct_ && std::rename(temp_.c_str(), path_.c_str()) != 0) {
    const int err = errno;
    ::unlink(temp_.c_str());
    temp_.clear();
    throw UserError(fmt::format("{}: cannot be written (rename failed: {})", label_, std::strerror(err)));
  }
  committed_ = true;
}

void write_file_atomically(const std::string& path, std::string_view content, const std::string& label) {
  AtomicOutput out(path, label);
  out.write(content);
  out.commit();
}

void write_output(const std::string& path, std::string_view content, const std::string& label) {
  if (!path.empty()) {
    write_file_atomically(path, content, label);
    return;
  }
  std::fwrite(content.data(), 1, content.size(), stdout);
  if (std::fflush(stdout) != 0 || std::ferror(stdout)) {
    throw UserError(fmt::format("standard output: cannot be written ({})", std::strerror(errno)));
  }
}

}  // namespace augur
