// Errors: UserError is the user's fault (bad input; exit code 2), InternalError is a bug in Augur
// (exit code 3). Only main() turns them into exit codes; library code only throws.
#pragma once

#include <stdexcept>
#include <string>

namespace augur {

// Where a value came from in a text input. line/column are 1-based; line 0 means "no line"
// (e.g. a command-line override), and then only `file` is printed.
struct SourceLocation {
  std::string file;
  int line = 0;
  int column = 0;

  // "file:line:column", or just "file" when there is no line.
  std::string to_string() const;
};

// A mistake in the user's input: one clear message, exit code 2.
class UserError : public std::runtime_error {
 public:
  explicit UserError(const std::string& message) : std::runtime_error(message) {}
  // Formats "<file>:<line>:<col>: <message>".
  UserError(const SourceLocation& where, const std::string& message);
};

// An invariant of Augur itself was violated: a bug, exit code 3.
class InternalError : public std::logic_error {
 public:
  explicit InternalError(const std::string& message) : std::logic_error(message) {}
};

}  // namespace augur
