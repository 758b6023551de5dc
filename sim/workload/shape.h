// A blob shape (N, C, H, W, ... as Caffe orders it) with checked element counts.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace augur {

struct Shape {
  std::vector<std::int64_t> dims;

  // Product of the dims; throws UserError if it overflows 2^62 (an absurd network).
  std::int64_t count() const;
  // Product of dims[begin, end).
  std::int64_t count(size_t begin, size_t end) const;
  size_t rank() const { return dims.size(); }
  // "1x3x224x224"
  std::string to_string() const;

  friend bool operator==(const Shape&, const Shape&) = default;
};

// Multiplies with an overflow check (limit 2^62); throws UserError naming `what`.
std::int64_t checked_mul(std::int64_t a, std::int64_t b, const char* what);

}  // namespace augur
