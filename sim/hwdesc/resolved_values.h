// Validated values of a hardware description, keyed by dotted path ("gpu.l2.size"), each with
// its number in base units and where it came from (file:line:column, --set, default, derived).
#pragma once

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

// Looks up a path that the schema guarantees; a missing one is a bug (InternalError).
const ResolvedValue& value_at(const ResolvedValues& values, const std::string& path);

}  // namespace augur::hwdesc
