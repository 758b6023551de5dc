// A set-associative, LRU, write-back, write-allocate cache simulator at cache-line granularity,
// used to check the analytic traffic model and, with `--cache-model simulate`, to replace it.
#pragma once

#include <cstdint>
#include <vector>

#include "sim/hwdesc/platform.h"

namespace augur {

class SetAssociativeCache {
 public:
  // `hashed_sets`: the set index XOR-folds the upper line-address bits, as GPU L2 slice hashing
  // and the OS's scattering of physical pages do; plain modulo indexing otherwise.
  explicit SetAssociativeCache(const CacheSpec& spec, bool hashed_sets = true);

  // One access to the line holding byte `address`; a write marks the line dirty. A write miss
  // reads the line first (write-allocate) unless `whole_line` (a full-line write: GPU L2 sectors
  // are written without a fill).
  void access(std::uint64_t address, bool write, bool whole_line = false);
  // Every byte of [address, address + bytes), line by line; with `write_full_lines_without_fill`
  // the lines the range covers completely are written without a fill.
  void access_range(std::uint64_t address, std::uint64_t bytes, bool write,
                    bool write_full_lines_without_fill = false);
  // Writes back every dirty line (end of the kernel).
  void flush();

  std::uint64_t fills() const { return fills_; }            // lines read from the next level
  std::uint64_t writebacks() const { return writebacks_; }  // dirty lines written back
  std::uint64_t accesses() const { return accesses_; }
  // Bytes moved to and from the next level: (fills + writebacks) · line.
  double traffic_bytes() const { return static_cast<double>(fills_ + writebacks_) * line_; }

 private:
  struct Way {
    std::uint64_t tag = 0;
    std::uint64_t last_use = 0;
    bool valid = false;
    bool dirty = false;
  };
  std::uint64_t line_;
  std::uint64_t sets_;
  int ways_;
  bool hashed_;
  std::uint64_t set_of(std::uint64_t line) const;
  std::vector<Way> lines_;  // sets_ × ways_
  std::uint64_t clock_ = 0, fills_ = 0, writebacks_ = 0, accesses_ = 0;
};

}  // namespace augur
