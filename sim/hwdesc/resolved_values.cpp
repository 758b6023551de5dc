// Provenance text and typed reads of resolved values.
#include "sim/hwdesc/resolved_values.h"

#include <limits>

#include <fmt/format.h>

namespace augur::hwdesc {

std::string Origin::to_string() const {
  switch (kind) {
    case Kind::File:
    case Kind::Override: return where.to_string();
    case Kind::Default: return "default";
    case Kind::Derived: return "derived: " + note;
  }
  return "";
}

const ResolvedValue& value_at(const ResolvedValues& values, const std::string& path) {
  const auto it = values.find(path);
  if (it == values.end()) {
    throw InternalError("hardware value '" + path + "' missing after validation");
  }
  return it->second;
}

double ValueReader::bounded(const std::string& path, double limit) const {
  const auto& v = value_at(values_, path);
  if (v.number > limit) {
    throw UserError(v.origin.where, fmt::format("{}: {} is too large (at most {:g})", path, v.text, limit));
  }
  return v.number;
}

int ValueReader::count(const std::string& path) const {
  return static_cast<int>(bounded(path, std::numeric_limits<int>::max()));
}

std::int64_t ValueReader::bytes(const std::string& path) const {
  return static_cast<std::int64_t>(bounded(path, static_cast<double>(std::int64_t{1} << 62)));
}

}  // namespace augur::hwdesc
