// LRU set-associative cache.
#include "sim/model/memory/cache_sim.h"

#include <algorithm>
#include <string>

#include "sim/core/error.h"

namespace augur {
namespace {

bool is_pow2(std::uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

// ⌈log2 x⌉ (exact for powers of two).
int log2_ceil(std::uint64_t x) {
  int s = 0;
  while ((std::uint64_t{1} << s) < x) ++s;
  return s;
}

std::uint64_t checked_sets(const CacheSpec& spec) {
  const std::int64_t ways = spec.associativity > 0 ? spec.associativity : 1;
  if (spec.line_bytes <= 0 || spec.size_bytes < spec.line_bytes * ways) {
    throw InternalError("cache simulator: invalid geometry");
  }
  // The hardware schema requires it (hwdesc: Constraint::PowerOfTwo); lines are found by a shift.
  if (!is_pow2(static_cast<std::uint64_t>(spec.line_bytes))) {
    throw InternalError("cache simulator: the line size is not a power of two");
  }
  constexpr std::int64_t kMaxLines = std::int64_t{1} << 24;  // 16 Mi lines: 1 GiB of 64 B lines
  if (spec.size_bytes / spec.line_bytes > kMaxLines) {
    throw UserError("the cache simulator holds at most 16 Mi lines; this cache "
                    "has " + std::to_string(spec.size_bytes / spec.line_bytes) + " (use the analytic cache model)");
  }
  return static_cast<std::uint64_t>(spec.size_bytes / (spec.line_bytes * ways));
}

}  // namespace

SetAssociativeCache::SetAssociativeCache(const CacheSpec& spec, bool hashed_sets)
    : line_shift_(0),
      sets_(checked_sets(spec)),
      set_divisor_(sets_),
      odd_divisor_(1),
      ways_(static_cast<std::uint32_t>(spec.associativity > 0 ? spec.associativity : 1)) {
  line_shift_ = log2_ceil(static_cast<std::uint64_t>(spec.line_bytes));
  if (is_pow2(sets_)) {
    set_shift_ = log2_ceil(sets_);
    set_mask_ = sets_ - 1;
    // One set: every line maps to it (the fold would never end: ⌊l/1⌋ = l).
    indexing_ = hashed_sets && sets_ > 1 ? Indexing::HashPow2 : Indexing::MaskPow2;
  } else {
    indexing_ = hashed_sets ? Indexing::HashGeneral : Indexing::ModGeneral;
    while (((sets_ >> set_shift_) & 1) == 0) ++set_shift_;  // S = o · 2^k
    set_mask_ = (std::uint64_t{1} << set_shift_) - 1;
    odd_divisor_ = InvariantDivisor(sets_ >> set_shift_);
  }
  way_stride_shift_ = log2_ceil(ways_);
  entries_.assign(sets_ << way_stride_shift_, kEmpty);
  range_ = pick_range();
}

SetAssociativeCache::RangeFn SetAssociativeCache::pick_range() const {
  const bool sixteen = ways_ == 16;  // as visit: the loop over a 16-way set unrolled completely
  switch (indexing_) {
    case Indexing::MaskPow2:
      return sixteen ? &SetAssociativeCache::range<Indexing::MaskPow2, 16> : &SetAssociativeCache::range<Indexing::MaskPow2, 0>;
    case Indexing::HashPow2:
      return sixteen ? &SetAssociativeCache::range<Indexing::HashPow2, 16> : &SetAssociativeCache::range<Indexing::HashPow2, 0>;
    case Indexing::ModGeneral:
      return sixteen ? &SetAssociativeCache::range<Indexing::ModGeneral, 16>
                     : &SetAssociativeCache::range<Indexing::ModGeneral, 0>;
    case Indexing::HashGeneral: break;
  }
  return sixteen ? &SetAssociativeCache::range<Indexing::HashGeneral, 16> : &SetAssociativeCache::range<Indexing::HashGeneral, 0>;
}

void SetAssociativeCache::throw_beyond_address_space() {
  throw InternalError("cache simulator: address beyond 2^63 - 2 with 1 B lines");
}

void SetAssociativeCache::access(std::uint64_t address, bool write, bool whole_line) {
  const std::uint64_t line = address >> line_shift_;
  check_line(line);
  // The range of the one line, which it covers: whole = whole_line.
  (this->*range_)(line, line, line << line_shift_, (line + 1) << line_shift_, write, whole_line);
}

void SetAssociativeCache::access_range(std::uint64_t address, std::uint64_t bytes, bool write,
                                       bool write_full_lines_without_fill) {
  if (bytes == 0) return;
  const std::uint64_t end = address + bytes;
  const std::uint64_t first = address >> line_shift_, last = (end - 1) >> line_shift_;
  check_line(last);
  (this->*range_)(first, last, address, end, write, write && write_full_lines_without_fill);
}

void SetAssociativeCache::flush() {
  for (auto& e : entries_) {  // kEmpty is clean
    writebacks_ += e & 1;
    e &= ~std::uint64_t{1};
  }
}

}  // namespace augur
