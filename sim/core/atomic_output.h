// Output files that are either complete or absent: written to a temp file in the target's
// directory, every write checked, fsync'd, closed and renamed into place.
#pragma once

#include <string>
#include <string_view>

namespace augur {

// A file being written. A regular (or not yet existing) target is written to a private temp file
// beside it (mkstemp, same directory, so the rename cannot cross file systems) and renamed into
// place by commit(); destroying an uncommitted AtomicOutput removes the temp file, so a failed or
// interrupted run never leaves a truncated file under the target name. A target that exists and
// is not a regular file (/dev/stdout, /dev/full, a FIFO) is written directly; every write and the
// close are still checked. Errors are UserErrors that start with `label` (e.g. "--out x.csv").
class AtomicOutput {
 public:
  // `path` "-" is standard output.
  AtomicOutput(std::string path, std::string label = {});
  ~AtomicOutput();
  AtomicOutput(const AtomicOutput&) = delete;
  AtomicOutput& operator=(const AtomicOutput&) = delete;

  void write(std::string_view text);
  // Flushes, fsyncs, closes and renames; throws UserError on any failure (nothing is left behind).
  void commit();
  // Whether the target is a device or FIFO written directly (no temp file, no rename).
  bool direct() const { return direct_; }

 private:
  void flush();
  [[noreturn]] void fail(const std::string& what, int err);

  std::string path_, label_, temp_;
  std::string buffer_;
  int fd_ = -1;
  bool direct_ = false, committed_ = false;
};

// AtomicOutput(path, label), write(content), commit().
void write_file_atomically(const std::string& path, std::string_view content, const std::string& label = {});

// `content` to stdout when `path` is empty (checking the write), else write_file_atomically.
void write_output(const std::string& path, std::string_view content, const std::string& label = {});

}  // namespace augur
