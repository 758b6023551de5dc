// Shape helpers.
#include "sim/workload/shape.h"

#include <algorithm>

#include "sim/core/error.h"

namespace augur {

void throw_bad_product(std::int64_t a, std::int64_t b, const char* what) {
  if (a < 0 || b < 0) throw UserError(std::string(what) + ": negative size");
  throw UserError(std::string(what) + ": size overflows 2^62; the network is too large");
}

std::optional<std::vector<std::int64_t>> broadcast_dims(const std::vector<std::int64_t>& a,
                                                        const std::vector<std::int64_t>& b) {
  const size_t rank = std::max(a.size(), b.size());
  std::vector<std::int64_t> out(rank, 1);
  for (size_t i = 0; i < rank; ++i) {
    const std::int64_t x = i < rank - a.size() ? 1 : a[i - (rank - a.size())];
    const std::int64_t y = i < rank - b.size() ? 1 : b[i - (rank - b.size())];
    if (x != y && x != 1 && y != 1) return std::nullopt;
    out[i] = x == 1 ? y : x;
  }
  return out;
}

namespace {
// ONNX Slice's clamping: a negative index counts from the end; then [0, size] for a positive
// step; for a negative one the start into [0, size - 1] and the end into [-1, size - 1] (so that
// a backwards walk can include index 0).
std::int64_t clamp_slice_index(std::int64_t i, std::int64_t step, std::int64_t size, bool is_start) {
  if (i < 0) i = i < -size ? -1 : i + size;  // below -size: before the first element
  if (step > 0) return std::clamp<std::int64_t>(i, 0, size);
  return std::clamp<std::int64_t>(i, is_start ? 0 : -1, size - 1);
}
}  // namespace

std::int64_t slice_first(std::int64_t start, std::int64_t step, std::int64_t size) {
  return clamp_slice_index(start, step, size, true);
}

std::int64_t slice_count(std::int64_t start, std::int64_t end, std::int64_t step, std::int64_t size) {
  if (step == 0 || size <= 0) return 0;
  const std::int64_t s = clamp_slice_index(start, step, size, true), e = clamp_slice_index(end, step, size, false);
  // ceil((e - s) / step) for either sign, never negative; |e - s| <= size + 1, so no overflow
  if (step > 0) return e <= s ? 0 : (e - s - 1) / step + 1;
  return s <= e ? 0 : (s - e - 1) / (-step) + 1;
}

std::int64_t Shape::count() const { return count(0, dims.size()); }

std::int64_t Shape::count(size_t begin, size_t end) const {
  std::int64_t n = 1;
  for (size_t i = begin; i < end && i < dims.size(); ++i) n = checked_mul(n, dims[i], "blob");
  return n;
}

std::string Shape::to_string() const {
  std::string s;
  for (size_t i = 0; i < dims.size(); ++i) {
    if (i > 0) s.push_back('x');
    s.append(std::to_string(dims[i]));
  }
  return s.empty() ? "scalar" : s;
}

}  // namespace augur
