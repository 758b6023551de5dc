// read_input_file: open(O_NONBLOCK) + fstat, so a FIFO or a device is refused instead of read.
#include "sim/core/file_input.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur {
namespace {

std::string size_text(std::uintmax_t bytes) {
  if (bytes >= (1u << 20) && bytes % (1u << 20) == 0) return fmt::format("{} MiB", bytes >> 20);
  if (bytes >= (1u << 10) && bytes % (1u << 10) == 0) return fmt::format("{} KiB", bytes >> 10);
  return fmt::format("{} bytes", bytes);
}

class Fd {
 public:
  explicit Fd(int fd) : fd_(fd) {}
  ~Fd() { if (fd_ >= 0) ::close(fd_); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }

 private:
  int fd_;
};

// Opens `path` for reading without blocking on a FIFO and accepts only a regular file.
int open_regular_file(const std::filesystem::path& path, const std::string& what, const std::string& name,
                      struct stat& st) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NONBLOCK | O_CLOEXEC | O_NOCTTY);
  if (fd < 0) {
    const int err = errno;
    if (err == ENOENT) throw UserError(fmt::format("{}: no such file", name));
    throw UserError(fmt::format("{}: cannot be read ({})", name, std::strerror(err)));
  }
  const auto refuse = [&](const std::string& message) {
    ::close(fd);
    throw UserError(message);
  };
  if (::fstat(fd, &st) != 0) refuse(fmt::format("{}: cannot be read ({})", name, std::strerror(errno)));
  if (S_ISDIR(st.st_mode)) refuse(fmt::format("{}: is a directory, not {}", name, what));
  if (!S_ISREG(st.st_mode)) {
    refuse(fmt::format("{}: not a regular file (a pipe, socket or device); expected {}", name, what));
  }
  return fd;
}

}  // namespace

std::string read_input_file(const std::filesystem::path& path, std::uintmax_t max_bytes, const std::string& what,
                            const std::string& display) {
  const std::string name = display.empty() ? path.string() : display;
  struct stat st {};
  const Fd fd(open_regular_file(path, what, name, st));
  if (static_cast<std::uintmax_t>(st.st_size) > max_bytes) {
    throw UserError(fmt::format("{}: larger than {}; not {}", name, size_text(max_bytes), what));
  }
  std::string out;
  out.reserve(static_cast<size_t>(st.st_size));
  char buffer[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd.get(), buffer, sizeof buffer);
    if (n < 0) {
      if (errno == EINTR) continue;
      throw UserError(fmt::format("{}: cannot be read ({})", name, std::strerror(errno)));
    }
    if (n == 0) break;
    out.append(buffer, static_cast<size_t>(n));
    if (out.size() > max_bytes) throw UserError(fmt::format("{}: larger than {}; not {}", name, size_text(max_bytes), what));
  }
  return out;
}

LineReader::LineReader(const std::filesystem::path& path, const std::string& what, std::size_t max_line_bytes)
    : name_(path.string()), max_line_(max_line_bytes) {
  struct stat st {};
  fd_ = open_regular_file(path, what, name_, st);
}

LineReader::~LineReader() {
  if (fd_ >= 0) ::close(fd_);
}

bool LineReader::fill() {
  if (eof_) return false;
  buffer_.erase(0, pos_);
  pos_ = 0;
  char block[1 << 16];
  while (true) {
    const ssize_t n = ::read(fd_, block, sizeof block);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw UserError(fmt::format("{}: cannot be read ({})", name_, std::strerror(errno)));
    if (n == 0) {
      eof_ = true;
      return false;
    }
    buffer_.append(block, static_cast<size_t>(n));
    return true;
  }
}

bool LineReader::next(std::string& line) {
  size_t newline = buffer_.find('\n', pos_);
  while (newline == std::string::npos) {
    if (buffer_.size() - pos_ > max_line_) {
      throw UserError(fmt::format("{}:{}: a line longer than {}", name_, line_number_ + 1, size_text(max_line_)));
    }
    const size_t searched = buffer_.size() - pos_;
    if (!fill()) break;
    newline = buffer_.find('\n', searched);
  }
  if (newline == std::string::npos && pos_ >= buffer_.size()) return false;
  ++line_number_;
  terminated_ = newline != std::string::npos;
  const size_t end = terminated_ ? newline : buffer_.size();
  if (end - pos_ > max_line_) {
    throw UserError(fmt::format("{}:{}: a line longer than {}", name_, line_number_, size_text(max_line_)));
  }
  line.assign(buffer_, pos_, end - pos_);
  if (!line.empty() && line.back() == '\r') line.pop_back();
  pos_ = terminated_ ? newline + 1 : buffer_.size();
  return true;
}

}  // namespace augur
