// A blob shape (N, C, H, W, ... as Caffe orders it) with checked element counts.
#pragma once

#include <cstdint>
#include <optional>
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

// numpy's (and ONNX's multidirectional) broadcasting: the shapes are right-aligned and each
// axis is equal or 1 in one of them. Nothing when they do not broadcast.
std::optional<std::vector<std::int64_t>> broadcast_dims(const std::vector<std::int64_t>& a,
                                                        const std::vector<std::int64_t>& b);

// ONNX Slice on one axis of `size` elements: the number of elements start:end:step selects, with
// negative indices counted from the end and clamped as ONNX specifies (step != 0).
std::int64_t slice_count(std::int64_t start, std::int64_t end, std::int64_t step, std::int64_t size);
// The first index of that selection (clamped start).
std::int64_t slice_first(std::int64_t start, std::int64_t step, std::int64_t size);

// Throws the UserError of checked_mul (out of line: the check inlines, the message does not).
[[noreturn]] void throw_bad_product(std::int64_t a, std::int64_t b, const char* what);

// Multiplies with an overflow check (limit 2^62); throws UserError naming `what`. Inline, without
// a division (issue 17: a shape's count is taken ~16,000 times in a ResNet-152 run).
inline std::int64_t checked_mul(std::int64_t a, std::int64_t b, const char* what) {
  constexpr std::int64_t kLimit = std::int64_t{1} << 62;
  std::int64_t product = 0;
  if (a < 0 || b < 0 || __builtin_mul_overflow(a, b, &product) || product > kLimit) throw_bad_product(a, b, what);
  return product;
}

}  // namespace augur
