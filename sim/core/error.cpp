// Formatting of error locations.
#include "sim/core/error.h"

namespace augur {

std::string SourceLocation::to_string() const {
  if (line <= 0) {
    return file;
  }
  return file + ":" + std::to_string(line) + ":" + std::to_string(column);
}

UserError::UserError(const SourceLocation& where, const std::string& message)
    : std::runtime_error(where.to_string() + ": " + message) {}

}  // namespace augur
