// The one reader for every input file: opens without blocking, accepts only regular files,
// reads at most a size cap, and reports every failure as one UserError naming the file.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

namespace augur {

// The whole content of `path`. `what` says what the file should be ("a hardware description"),
// for the messages; `display` is the name errors use (default: the path). A FIFO, a device
// such as /dev/zero, a directory or a file larger than `max_bytes` is a UserError; so is a
// file that grows past the cap while it is read.
std::string read_input_file(const std::filesystem::path& path, std::uintmax_t max_bytes, const std::string& what,
                            const std::string& display = {});

// The lines of a file, read in blocks (memory bounded by one line, not by the file): for
// inputs that may be large, such as sweep shards. The same open checks as read_input_file.
class LineReader {
 public:
  LineReader(const std::filesystem::path& path, const std::string& what, std::size_t max_line_bytes = 1 << 20);
  ~LineReader();
  LineReader(const LineReader&) = delete;
  LineReader& operator=(const LineReader&) = delete;

  // The next line without its "\n" (and "\r"); false at the end of the file. A line longer
  // than the cap is a UserError naming the file and line.
  bool next(std::string& line);
  // 1-based number of the line next() returned last.
  int line_number() const { return line_number_; }
  // Whether the line next() returned last ended with "\n" (false: the file was cut there).
  bool terminated() const { return terminated_; }
  const std::string& name() const { return name_; }

 private:
  bool fill();

  int fd_ = -1;
  std::string name_, buffer_;
  std::size_t pos_ = 0, max_line_;
  int line_number_ = 0;
  bool terminated_ = true, eof_ = false;
};

}  // namespace augur
