// Validated values of a hardware description, keyed by dotted path ("gpu.l2.size"), each with
// its number in base units and where it came from (file:line:column, --set, default, derived).
#pragma once

#include <cstdint>
#include <map>
#include <string>

#include "sim/core/error.h"
#include "sim/core/units.h"

namespace augur::hwdesc {

struct Origin {
  enum class Kind { File, Override, Default, Derived };
  Kind kind = Kind::File;
  SourceLocation where;  // File: the value's position; Override: "--set ..."
  std::string note;      // Derived: the formula

  // "hwdesc/boards/jetson-tx1.yaml:12:10", "--set gpu.l2.size=1MiB", "default", "derived: ..."
  std::string to_string() const;
};

struct ResolvedValue {
  Dimension dimension = Dimension::Text;
  double number = 0.0;  // base units; unused for Text
  std::string text;     // as written (or the default text)
  Origin origin;
};

using ResolvedValues = std::map<std::string, ResolvedValue>;

// A validated value for one path, with the override text that produced it (for provenance).
struct ValuePatch {
  std::string path;
  ResolvedValue value;
  std::string text;
};

// Looks up a path that the schema guarantees; a missing one is a bug (InternalError).
const ResolvedValue& value_at(const ResolvedValues& values, const std::string& path);

// Typed reads of validated values for building plain structs; a value too large for its field
// is a user error at the value's location.
class ValueReader {
 public:
  explicit ValueReader(const ResolvedValues& values) : values_(values) {}
  const std::string& text(const std::string& path) const { return value_at(values_, path).text; }
  double real(const std::string& path) const { return value_at(values_, path).number; }
  int count(const std::string& path) const;            // at most INT_MAX
  std::int64_t bytes(const std::string& path) const;   // at most 2^62

 private:
  double bounded(const std::string& path, double limit) const;
  const ResolvedValues& values_;
};

}  // namespace augur::hwdesc
