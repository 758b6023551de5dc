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

// Multiplies with an overflow check (limit 2^62); throws UserError naming `what`.
std::int64_t checked_mul(std::int64_t a, std::int64_t b, const char* what);

}  // namespace augur
