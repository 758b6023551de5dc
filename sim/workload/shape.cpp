// Shape helpers.
#include "sim/workload/shape.h"

#include "sim/core/error.h"

namespace augur {

std::int64_t checked_mul(std::int64_t a, std::int64_t b, const char* what) {
  constexpr std::int64_t kLimit = std::int64_t{1} << 62;
  if (a < 0 || b < 0) {
    throw UserError(std::string(what) + ": negative size");
  }
  if (a != 0 && b > kLimit / a) {
    throw UserError(std::string(what) + ": size overflows 2^62; the network is too large");
  }
  return a * b;
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
