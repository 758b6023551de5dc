// A set-associative, LRU, write-back, write-allocate cache simulator at cache-line granularity,
// used to check the analytic traffic model and, with `--cache-model simulate`, to replace it.
//
// The access path has no division: the line is address >> log2(line) (the schema makes line a
// power of two); the set is line & (sets − 1) when sets is a power of two, else line mod sets
// counted up along a range from one remainder by a multiplication (InvariantDivisor), or, hashed,
// one memoized multiplication per chunk of 2^k lines for S = o·2^k sets (range). The indexing
// variant is chosen once per access_range, not per line (and, through Fixed, once per replay).
// Each set keeps its lines in order of last use, most recent first, as (line << 1 | dirty) in one
// flat array: one pass both looks the line up and moves the lines before it back by one, and a
// miss evicts the last entry (the least recently used line) without a search for the oldest. (A
// rank byte per way with SWAR fingerprint lookup was tried: slower on the replays, whose hits are
// mostly among the 4 most recent lines.)
// Results (fills, writebacks) are those of the straightforward simulator it replaced (a last-use
// stamp per way, ways filled in order), access for access: tests/unit/reference_cache.h,
// tests/unit/test_cache_equivalence.cpp.
// Addresses are below 2^63 − 1 when the line is 1 B (the replays use fewer than 2^46).
#pragma once

#include <algorithm>
#include <array>
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

  // The cache with its set indexing fixed at compile time, so that a replay loop
  // over it inlines the whole access path (gemm_access_streams.h): same results as the cache.
  template <Indexing I, std::uint32_t Ways>
  class Fixed {
   public:
    explicit Fixed(SetAssociativeCache& cache) : cache_(cache) {}
    void access_range(std::uint64_t address, std::uint64_t bytes, bool write,
                      bool write_full_lines_without_fill = false) {
      if (bytes == 0) return;
      const std::uint64_t end = address + bytes;
      const std::uint64_t first = address >> cache_.line_shift_, last = (end - 1) >> cache_.line_shift_;
      cache_.check_line(last);
      cache_.range<I, Ways>(first, last, address, end, write, write && write_full_lines_without_fill);
    }

   private:
    SetAssociativeCache& cache_;
  };
  // f(Fixed<I, Ways>) with this cache's indexing, and Ways = 16 for 16-way sets (the loop over
  // a set unrolled completely: the common geometry), else 0 (ways read at run time).
  template <class F>
  void visit(F&& f);

 private:
  template <Indexing I>
  std::uint64_t set_of(std::uint64_t line) const;
  // Lines first..last of the range [address, end); `full_lines_without_fill`: write covered lines
  // without a fill.
  template <Indexing I, std::uint32_t Ways = 0>
  void range(std::uint64_t first, std::uint64_t last, std::uint64_t address, std::uint64_t end, bool write,
             bool full_lines_without_fill);
  using RangeFn = void (SetAssociativeCache::*)(std::uint64_t, std::uint64_t, std::uint64_t, std::uint64_t, bool, bool);
  RangeFn pick_range() const;
  // What a range adds to the counters, kept in registers while it runs.
  struct Misses {
    std::uint64_t fills = 0, writebacks = 0;
  };
  template <std::uint32_t Ways>
  void touch(std::uint64_t set, std::uint64_t line, bool write, bool whole_line, Misses& m);
  // base(c) of chunk c (range<HashGeneral>), through a direct-mapped memo of recent chunks.
  std::uint64_t chunk_base(std::uint64_t chunk) {
    ChunkMemo& slot = chunk_memo_[chunk & (kChunkMemoSlots - 1)];
    if (slot.chunk == chunk) return slot.base;
    // Q = q ⊕ ⌊q/S⌋ ⊕ … for the chunk's block q = ⌊l/S⌋ = ⌊c/o⌋.
    std::uint64_t fold = 0;
    for (std::uint64_t rest = odd_divisor_.quotient(chunk); rest != 0; rest = set_divisor_.quotient(rest)) fold ^= rest;
    const std::uint64_t base = (odd_divisor_.remainder(chunk ^ (fold >> set_shift_)) << set_shift_) | (fold & set_mask_);
    slot = ChunkMemo{chunk, base};
    return base;
  }
  void check_line(std::uint64_t line) const {
    // Entries keep the dirty bit below the line number, and kEmpty is line 2^63 − 1: line numbers
    // below 2^63 − 1 (always, unless the line is 1 B and the address is 2^63 − 1 or more).
    if (((line + 1) >> 63) != 0) throw_beyond_address_space();
  }
  [[noreturn]] static void throw_beyond_address_space();

  int line_shift_;          // log2(line bytes)
  std::uint64_t sets_;      // S
  // S = o · 2^k with o odd: k and 2^k − 1 (a power of two: o = 1, log2(S) and S − 1).
  int set_shift_ = 0;
  std::uint64_t set_mask_ = 0;
  InvariantDivisor set_divisor_;
  InvariantDivisor odd_divisor_;  // o (HashGeneral)
  std::uint32_t ways_;
  int way_stride_shift_ = 0;  // log2 of the power of two at or above ways
  Indexing indexing_;
  RangeFn range_ = nullptr;  // range<indexing_>, chosen once
  // Set s: ways entries from s · 2^way_stride_shift (the power of two at or above ways, so that no
  // multiplication finds a set), most recently used first, each a line
  // stored as (line number << 1) | dirty, or kEmpty, which no line matches (line numbers are below
  // 2^63 − 1: check_line) and which is clean. Lines enter in front, so the empty ways are last.
  static constexpr std::uint64_t kEmpty = ~std::uint64_t{1};
  std::vector<std::uint64_t> entries_;
  // base(c) of recently entered chunks (HashGeneral): slot c mod 256 holds chunk c's (4 KiB; a
  // working set of up to ~256 · 2^k lines keeps hitting). Chunk ~0 is never a line's (lines are
  // below 2^63 − 1), so an empty slot never matches.
  struct ChunkMemo {
    std::uint64_t chunk = ~std::uint64_t{0}, base = 0;
  };
  static constexpr std::size_t kChunkMemoSlots = 256;
  std::array<ChunkMemo, kChunkMemoSlots> chunk_memo_{};
  std::uint64_t fills_ = 0, writebacks_ = 0, accesses_ = 0;
};

// The access path, inline for the replays (Fixed).
template <SetAssociativeCache::Indexing I>
inline std::uint64_t SetAssociativeCache::set_of(std::uint64_t line) const {
  if constexpr (I == Indexing::MaskPow2) {
    return line & set_mask_;
  } else {
    static_assert(I == Indexing::HashPow2, "range() indexes S = o·2^k sets without set_of");
    // (l ⊕ ⌊l/S⌋ ⊕ ⌊l/S²⌋ ⊕ …) mod S with S = 2^b: the XOR of l's b-bit digits.
    std::uint64_t h = line;
    for (std::uint64_t rest = line >> set_shift_; rest != 0; rest >>= set_shift_) h ^= rest;
    return h & set_mask_;
  }
}

// LRU by move-to-front. Walk the set from the most recent line, shifting each entry one place
// back, until the line is found (a hit: it lands in front, dirty if it was or if this is a write)
// or the set ends (a miss: the line enters in front, read unless the write covers it, and the last
// entry drops out: the least recently used line, written back when dirty, or an empty way).
template <std::uint32_t Ways>
inline void SetAssociativeCache::touch(std::uint64_t set, std::uint64_t line, bool write, bool whole_line, Misses& m) {
  const std::uint32_t ways = Ways != 0 ? Ways : ways_;
  std::uint64_t* entries = entries_.data() + (set << way_stride_shift_);
  const std::uint64_t key = line << 1;
  std::uint64_t carried = key | static_cast<std::uint64_t>(write);
#pragma GCC unroll 16  // measured (GCC 12, x86-64): +10% line accesses/s on the replays with 4, +7% more
                       // with 16 for 16-way sets (Ways = 16: no loop left)
  for (std::uint32_t w = 0; w < ways; ++w) {
    const std::uint64_t e = entries[w];
    entries[w] = carried;
    if ((e ^ key) <= 1) {  // e >> 1 == line
      entries[0] |= e & 1;
      return;
    }
    carried = e;
  }
  m.fills += static_cast<std::uint64_t>(!(write && whole_line));
  m.writebacks += carried & 1;  // an empty way is clean
}

template <SetAssociativeCache::Indexing I, std::uint32_t Ways>
inline void SetAssociativeCache::range(std::uint64_t first, std::uint64_t last, std::uint64_t address, std::uint64_t end,
                                bool write, bool full_lines_without_fill) {
  const int s = line_shift_;
  Misses m;
  const auto touch_line = [&](std::uint64_t l, std::uint64_t set) {
    const bool whole = full_lines_without_fill && (l << s) >= address && ((l + 1) << s) <= end;
    touch<Ways>(set, l, write, whole, m);
  };
  if constexpr (I == Indexing::HashGeneral) {
    // The hash l ⊕ ⌊l/S⌋ ⊕ ⌊l/S²⌋ ⊕ … is l ⊕ Q, where Q folds the quotients, the same for the S
    // lines of a block [q·S, (q + 1)·S). With S = o·2^k (o odd), h mod S = ((⌊h/2^k⌋ mod o)·2^k)
    // | (h mod 2^k), so the lines of a chunk [c·2^k, (c + 1)·2^k), which lies in one block, share
    // ⌊h/2^k⌋ mod o and ⌊Q/2^k⌋: set = base(c) ⊕ (l mod 2^k) with base(c) = ((c ⊕ ⌊Q/2^k⌋) mod
    // o)·2^k | (Q mod 2^k). base is computed once per chunk a range enters (chunk_base: a memo of
    // recent chunks), then a mask and an XOR per line, no multiplication (issue 17: 44 → ~104 M line
    // accesses/s with 96 sets, chunks of 32 lines; 1,536 sets have chunks of 512).
    for (std::uint64_t l = first; l <= last;) {
      const std::uint64_t base = chunk_base(l >> set_shift_);
      const std::uint64_t chunk_last = std::min(last, l | set_mask_);
      for (; l <= chunk_last; ++l) touch_line(l, base ^ (l & set_mask_));
    }
  } else if constexpr (I == Indexing::ModGeneral) {
    // l mod S once per range, then counted up: consecutive lines take consecutive sets.
    std::uint64_t set = set_divisor_.remainder(first);
    for (std::uint64_t l = first; l <= last; ++l) {
      touch_line(l, set);
      set = set + 1 == sets_ ? 0 : set + 1;
    }
  } else {
    for (std::uint64_t l = first; l <= last; ++l) touch_line(l, set_of<I>(l));
  }
  accesses_ += last - first + 1;
  fills_ += m.fills;
  writebacks_ += m.writebacks;
}

template <class F>
void SetAssociativeCache::visit(F&& f) {
  const bool sixteen = ways_ == 16;
  switch (indexing_) {
    case Indexing::MaskPow2:
      return sixteen ? f(Fixed<Indexing::MaskPow2, 16>(*this)) : f(Fixed<Indexing::MaskPow2, 0>(*this));
    case Indexing::HashPow2:
      return sixteen ? f(Fixed<Indexing::HashPow2, 16>(*this)) : f(Fixed<Indexing::HashPow2, 0>(*this));
    case Indexing::ModGeneral:
      return sixteen ? f(Fixed<Indexing::ModGeneral, 16>(*this)) : f(Fixed<Indexing::ModGeneral, 0>(*this));
    case Indexing::HashGeneral: break;
  }
  return sixteen ? f(Fixed<Indexing::HashGeneral, 16>(*this)) : f(Fixed<Indexing::HashGeneral, 0>(*this));
}

}  // namespace augur
