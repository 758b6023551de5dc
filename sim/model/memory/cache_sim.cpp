// LRU set-associative cache.
#include "sim/model/memory/cache_sim.h"

#include <algorithm>
#include <string>

#include "sim/core/error.h"

namespace augur {
namespace {

bool is_pow2(std::uint64_t x) { return x != 0 && (x & (x - 1)) == 0; }

int log2_exact(std::uint64_t x) {
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
      ways_(static_cast<std::uint32_t>(spec.associativity > 0 ? spec.associativity : 1)) {
  line_shift_ = log2_exact(static_cast<std::uint64_t>(spec.line_bytes));
  if (is_pow2(sets_)) {
    set_shift_ = log2_exact(sets_);
    set_mask_ = sets_ - 1;
    // One set: every line maps to it (the fold would never end: ⌊l/1⌋ = l).
    indexing_ = hashed_sets && sets_ > 1 ? Indexing::HashPow2 : Indexing::MaskPow2;
  } else {
    indexing_ = hashed_sets ? Indexing::HashGeneral : Indexing::ModGeneral;
  }
  entries_.assign(sets_ * ways_, 0);
  used_.assign(sets_, 0);
}

template <SetAssociativeCache::Indexing I>
std::uint64_t SetAssociativeCache::set_of(std::uint64_t line) const {
  if constexpr (I == Indexing::MaskPow2) {
    return line & set_mask_;
  } else if constexpr (I == Indexing::HashPow2) {
    // (l ⊕ ⌊l/S⌋ ⊕ ⌊l/S²⌋ ⊕ …) mod S with S = 2^b: the XOR of l's b-bit digits.
    std::uint64_t h = line;
    for (std::uint64_t rest = line >> set_shift_; rest != 0; rest >>= set_shift_) h ^= rest;
    return h & set_mask_;
  } else if constexpr (I == Indexing::ModGeneral) {
    return set_divisor_.remainder(line);
  } else {
    std::uint64_t h = line;
    for (std::uint64_t rest = set_divisor_.quotient(line); rest != 0; rest = set_divisor_.quotient(rest)) h ^= rest;
    return set_divisor_.remainder(h);
  }
}

// LRU by move-to-front: walk the set from the most recent line, shifting each entry one place
// back, until the line is found (a hit: it lands in front, dirty if it was or if this is a write)
// or the set ends (a miss: the line enters in front, read unless the write covers it; a full set
// drops its last, least recently used, entry and writes it back when dirty).
inline void SetAssociativeCache::touch(std::uint64_t set, std::uint64_t line, bool write, bool whole_line) {
  ++accesses_;
  std::uint64_t* entries = entries_.data() + set * ways_;
  const std::uint32_t used = used_[set];
  const std::uint64_t key = line << 1;
  std::uint64_t carried = key | static_cast<std::uint64_t>(write);
  for (std::uint32_t w = 0; w < used; ++w) {
    const std::uint64_t e = entries[w];
    entries[w] = carried;
    if ((e ^ key) <= 1) {  // e >> 1 == line
      entries[0] |= e & 1;
      return;
    }
    carried = e;
  }
  fills_ += static_cast<std::uint64_t>(!(write && whole_line));
  if (used < ways_) {
    entries[used] = carried;  // the previous last entry (or, in an empty set, the line itself)
    used_[set] = used + 1;
  } else {
    writebacks_ += carried & 1;
  }
}

// Entries keep the dirty bit below the line number: line numbers below 2^63 (always, unless the
// line is 1 B and the address is 2^63 or more).
void SetAssociativeCache::check_line(std::uint64_t line) const {
  if ((line >> 63) != 0) throw InternalError("cache simulator: address beyond 2^63 with 1 B lines");
}

void SetAssociativeCache::access(std::uint64_t address, bool write, bool whole_line) {
  const std::uint64_t line = address >> line_shift_;
  check_line(line);
  switch (indexing_) {
    case Indexing::MaskPow2: touch(set_of<Indexing::MaskPow2>(line), line, write, whole_line); break;
    case Indexing::HashPow2: touch(set_of<Indexing::HashPow2>(line), line, write, whole_line); break;
    case Indexing::ModGeneral: touch(set_of<Indexing::ModGeneral>(line), line, write, whole_line); break;
    case Indexing::HashGeneral: touch(set_of<Indexing::HashGeneral>(line), line, write, whole_line); break;
  }
}

template <SetAssociativeCache::Indexing I>
void SetAssociativeCache::range(std::uint64_t first, std::uint64_t last, std::uint64_t address, std::uint64_t end,
                                bool write, bool full_lines_without_fill) {
  const int s = line_shift_;
  if constexpr (I == Indexing::HashPow2) {
    // Lines sharing l >> b share the fold of their upper digits: set = (l & mask) ⊕ fold(l >> b).
    for (std::uint64_t l = first; l <= last;) {
      const std::uint64_t upper = set_of<Indexing::HashPow2>(l) ^ (l & set_mask_);
      const std::uint64_t block_last = std::min(last, l | set_mask_);
      for (; l <= block_last; ++l) {
        const bool whole = full_lines_without_fill && (l << s) >= address && ((l + 1) << s) <= end;
        touch((l & set_mask_) ^ upper, l, write, whole);
      }
      if (block_last == last) break;
    }
  } else {
    for (std::uint64_t l = first; l <= last; ++l) {
      const bool whole = full_lines_without_fill && (l << s) >= address && ((l + 1) << s) <= end;
      touch(set_of<I>(l), l, write, whole);
    }
  }
}

void SetAssociativeCache::access_range(std::uint64_t address, std::uint64_t bytes, bool write,
                                       bool write_full_lines_without_fill) {
  if (bytes == 0) return;
  const std::uint64_t end = address + bytes;
  const std::uint64_t first = address >> line_shift_, last = (end - 1) >> line_shift_;
  check_line(last);
  const bool full = write && write_full_lines_without_fill;
  switch (indexing_) {
    case Indexing::MaskPow2: range<Indexing::MaskPow2>(first, last, address, end, write, full); break;
    case Indexing::HashPow2: range<Indexing::HashPow2>(first, last, address, end, write, full); break;
    case Indexing::ModGeneral: range<Indexing::ModGeneral>(first, last, address, end, write, full); break;
    case Indexing::HashGeneral: range<Indexing::HashGeneral>(first, last, address, end, write, full); break;
  }
}

void SetAssociativeCache::flush() {
  for (std::uint64_t set = 0; set < sets_; ++set) {
    std::uint64_t* entries = entries_.data() + set * ways_;
    for (std::uint32_t w = 0; w < used_[set]; ++w) {
      writebacks_ += entries[w] & 1;
      entries[w] &= ~std::uint64_t{1};
    }
  }
}

}  // namespace augur
