// Division of 64-bit unsigned integers by a divisor fixed in advance, with a multiplication and
// shifts instead of a divide instruction (tens of cycles on the cache simulator's access path).
//
// Granlund & Montgomery, "Division by invariant integers using multiplication" (PLDI 1994),
// figure 4.1, with N = 64: for a divisor d >= 1 let l = ceil(log2 d) and
//   m = floor(2^64 · (2^l − d) / d) + 1          (fits in 64 bits),
// then for every 64-bit n, with t = floor(m · n / 2^64),
//   floor(n / d) = (t + ((n − t) >> min(l, 1))) >> max(l − 1, 0)      exactly.
// A power of two d = 2^l gives m = 1, t = 0 and the plain shift n >> l; d = 1 gives n.
#pragma once

#include <cstdint>

namespace augur {

__extension__ typedef unsigned __int128 Uint128;  // GCC and Clang; __extension__: no -Wpedantic warning

class InvariantDivisor {
 public:
  explicit InvariantDivisor(std::uint64_t d) : d_(d == 0 ? 1 : d) {
    int l = 0;
    while (l < 64 && (std::uint64_t{1} << l) < d_) ++l;
    // 2^64 · (2^l − d) / d in 128 bits: (2^l − d) < d, so the quotient is below 2^64.
    const Uint128 two_l = static_cast<Uint128>(1) << l;
    m_ = static_cast<std::uint64_t>(((two_l - d_) << 64) / d_) + 1;
    shift1_ = l < 1 ? l : 1;
    shift2_ = l > 1 ? l - 1 : 0;
  }

  std::uint64_t divisor() const { return d_; }
  std::uint64_t quotient(std::uint64_t n) const {
    const auto t = static_cast<std::uint64_t>((static_cast<Uint128>(m_) * n) >> 64);
    return (t + ((n - t) >> shift1_)) >> shift2_;
  }
  std::uint64_t remainder(std::uint64_t n) const { return n - quotient(n) * d_; }

 private:
  std::uint64_t d_;
  std::uint64_t m_ = 0;
  int shift1_ = 0, shift2_ = 0;
};

}  // namespace augur
