// The cache simulator as it was before issue 17 made it fast (commit 6deb968), kept as the
// specification of its results: a set-associative, LRU, write-back, write-allocate cache written
// the obvious way (division for the line and the set, one struct per way, a clock per access).
// tests/unit/test_cache_equivalence.cpp checks that SetAssociativeCache counts exactly the same
// fills and writebacks. Test-only: slow on purpose.
#pragma once

#include <cstdint>
#include <stdexcept>
#include <vector>

#include "sim/hwdesc/platform.h"

namespace augur::test {

class ReferenceCache {
 public:
  explicit ReferenceCache(const CacheSpec& spec, bool hashed_sets = true)
      : line_(static_cast<std::uint64_t>(spec.line_bytes)),
        ways_(spec.associativity > 0 ? spec.associativity : 1),
        hashed_(hashed_sets) {
    sets_ = static_cast<std::uint64_t>(spec.size_bytes / (spec.line_bytes * ways_));
    // The original loops forever folding a hashed index over one set (line / 1 never reaches 0).
    if (hashed_ && sets_ == 1) throw std::invalid_argument("reference cache: hashed with one set");
    lines_.resize(sets_ * static_cast<std::uint64_t>(ways_));
  }

  void access(std::uint64_t address, bool write, bool whole_line = false) {
    ++accesses_;
    ++clock_;
    const std::uint64_t line = address / line_;
    const std::uint64_t set = set_of(line);
    Way* ways = &lines_[set * static_cast<std::uint64_t>(ways_)];
    Way* victim = &ways[0];
    for (int w = 0; w < ways_; ++w) {
      if (ways[w].valid && ways[w].tag == line) {
        ways[w].last_use = clock_;
        ways[w].dirty = ways[w].dirty || write;
        return;
      }
      if (!ways[w].valid || ways[w].last_use < victim->last_use) victim = &ways[w];
      if (!ways[w].valid) break;
    }
    if (victim->valid && victim->dirty) ++writebacks_;
    if (!(write && whole_line)) ++fills_;
    *victim = Way{line, clock_, true, write};
  }

  void access_range(std::uint64_t address, std::uint64_t bytes, bool write,
                    bool write_full_lines_without_fill = false) {
    if (bytes == 0) return;
    const std::uint64_t end = address + bytes;
    const std::uint64_t first = address / line_, last = (end - 1) / line_;
    for (std::uint64_t l = first; l <= last; ++l) {
      const bool whole = write_full_lines_without_fill && l * line_ >= address && (l + 1) * line_ <= end;
      access(l * line_, write, whole);
    }
  }

  void flush() {
    for (auto& w : lines_) {
      if (w.valid && w.dirty) {
        ++writebacks_;
        w.dirty = false;
      }
    }
  }

  std::uint64_t fills() const { return fills_; }
  std::uint64_t writebacks() const { return writebacks_; }
  std::uint64_t accesses() const { return accesses_; }
  double traffic_bytes() const { return static_cast<double>(fills_ + writebacks_) * line_; }

 private:
  struct Way {
    std::uint64_t tag = 0;
    std::uint64_t last_use = 0;
    bool valid = false;
    bool dirty = false;
  };
  std::uint64_t set_of(std::uint64_t line) const {
    if (!hashed_) return line % sets_;
    std::uint64_t h = line;
    for (std::uint64_t rest = line / sets_; rest != 0; rest /= sets_) h ^= rest;
    return h % sets_;
  }
  std::uint64_t line_;
  std::uint64_t sets_ = 0;
  int ways_;
  bool hashed_;
  std::vector<Way> lines_;
  std::uint64_t clock_ = 0, fills_ = 0, writebacks_ = 0, accesses_ = 0;
};

}  // namespace augur::test
