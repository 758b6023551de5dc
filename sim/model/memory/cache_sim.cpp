// LRU set-associative cache.
#include "sim/model/memory/cache_sim.h"

#include "sim/core/error.h"

namespace augur {

SetAssociativeCache::SetAssociativeCache(const CacheSpec& spec, bool hashed_sets)
    : line_(static_cast<std::uint64_t>(spec.line_bytes)),
      sets_(0),
      ways_(spec.associativity > 0 ? spec.associativity : 1),
      hashed_(hashed_sets) {
  if (spec.line_bytes <= 0 || spec.size_bytes < spec.line_bytes * ways_) {
    throw InternalError("cache simulator: invalid geometry");
  }
  constexpr std::int64_t kMaxLines = std::int64_t{1} << 24;  // 16 Mi lines: 1 GiB of 64 B lines
  if (spec.size_bytes / spec.line_bytes > kMaxLines) {
    throw UserError("the cache simulator holds at most 16 Mi lines; this cache "
                    "has " + std::to_string(spec.size_bytes / spec.line_bytes) + " (use the analytic cache model)");
  }
  sets_ = static_cast<std::uint64_t>(spec.size_bytes / (spec.line_bytes * ways_));
  lines_.resize(sets_ * static_cast<std::uint64_t>(ways_));
}

std::uint64_t SetAssociativeCache::set_of(std::uint64_t line) const {
  if (!hashed_) return line % sets_;
  std::uint64_t h = line;
  for (std::uint64_t rest = line / sets_; rest != 0; rest /= sets_) h ^= rest;
  return h % sets_;
}

void SetAssociativeCache::access(std::uint64_t address, bool write, bool whole_line) {
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
  if (!(write && whole_line)) ++fills_;  // write-allocate: a partial write reads the line too
  *victim = Way{line, clock_, true, write};
}

void SetAssociativeCache::access_range(std::uint64_t address, std::uint64_t bytes, bool write,
                                       bool write_full_lines_without_fill) {
  if (bytes == 0) return;
  const std::uint64_t end = address + bytes;
  const std::uint64_t first = address / line_, last = (end - 1) / line_;
  for (std::uint64_t l = first; l <= last; ++l) {
    const bool whole = write_full_lines_without_fill && l * line_ >= address && (l + 1) * line_ <= end;
    access(l * line_, write, whole);
  }
}

void SetAssociativeCache::flush() {
  for (auto& w : lines_) {
    if (w.valid && w.dirty) {
      ++writebacks_;
      w.dirty = false;
    }
  }
}

}  // namespace augur
