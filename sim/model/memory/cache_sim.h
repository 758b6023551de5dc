// A set-associative, LRU, write-back, write-allocate cache simulator at cache-line granularity,
// used to check the analytic traffic model and, with `--cache-model simulate`, to replace it.
//
// The access path has no division: the line is address >> log2(line) (the schema makes line a
// power of two); the set is line & (sets − 1) when sets is a power of two, else line mod sets by
// a multiplication (InvariantDivisor). The indexing variant is chosen once per access_range, not
// per line. Each set keeps its lines in order of last use, most recent first, in one flat array
// of (line << 1 | dirty) and a count of the lines it holds: one pass over the set both looks the
// line up and moves the lines before it back by one, so a miss evicts the last entry (the least
// recently used line) without a search for the oldest. Results (fills, writebacks) are those of
// the straightforward simulator it replaced (a last-use stamp per way, ways filled in order),
// access for access: tests/unit/reference_cache.h, tests/unit/test_cache_equivalence.cpp.
// Addresses are below 2^63 when the line is 1 B (the replays use fewer than 2^46).
#pragma once

#include <cstdint>
#include <vector>

#include "sim/hwdesc/platform.h"
#include "sim/model/memory/invariant_divisor.h"

namespace augur {

class SetAssociativeCache {
 public:
  // `hashed_sets`: the set index XOR-folds the upper line-address bits, as GPU L2 slice hashing
  // and the OS's scattering of physical pages do: set = (l ⊕ ⌊l/S⌋ ⊕ ⌊l/S²⌋ ⊕ …) mod S for line
  // number l and S sets; plain l mod S otherwise. (One set: always set 0.)
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
  std::uint64_t sets() const { return sets_; }
  // Bytes moved to and from the next level: (fills + writebacks) · line.
  double traffic_bytes() const {
    return static_cast<double>(fills_ + writebacks_) * static_cast<double>(std::uint64_t{1} << line_shift_);
  }

  // How a line number maps to its set (chosen at construction).
  enum class Indexing { MaskPow2, HashPow2, ModGeneral, HashGeneral };

 private:
  template <Indexing I>
  std::uint64_t set_of(std::uint64_t line) const;
  template <Indexing I>
  void range(std::uint64_t first, std::uint64_t last, std::uint64_t address, std::uint64_t end, bool write,
             bool full_lines_without_fill);
  void touch(std::uint64_t set, std::uint64_t line, bool write, bool whole_line);
  void check_line(std::uint64_t line) const;

  int line_shift_;          // log2(line bytes)
  std::uint64_t sets_;      // S
  int set_shift_ = 0;       // log2(S) when S is a power of two
  std::uint64_t set_mask_ = 0;
  InvariantDivisor set_divisor_;
  std::uint32_t ways_;
  Indexing indexing_;
  // Set s holds used_[s] lines at [s · ways, s · ways + used_[s]), most recently used first,
  // each stored as (line number << 1) | dirty.
  std::vector<std::uint64_t> entries_;
  std::vector<std::uint32_t> used_;
  std::uint64_t fills_ = 0, writebacks_ = 0, accesses_ = 0;
};

}  // namespace augur
