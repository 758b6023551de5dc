// One interface for the views of a result: a command builds a View (how to render its result as
// a table, JSON or CSV) and `render` picks the one the user asked for, so no command carries its
// own chain of format tests and every JSON goes through the same escaping (json_text).
#pragma once

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace augur::report {

struct View {
  std::function<std::string()> table;     // human-readable text
  std::function<nlohmann::json()> json;   // the documented keys (docs/cli.md)
  std::function<std::string()> csv;       // empty when the result has no CSV view
  std::function<std::string()> yaml;      // empty when the result has no YAML view
  // JSON text written by a JsonWriter, for results too large to build as a document first
  // (a simulation); when set it is used instead of `json`.
  std::function<std::string()> json_text = nullptr;
};

// The view named `format` ("table", "json", "csv", "yaml"); a format the view does not have is
// an internal error (the command's --format check lists the ones it has).
std::string render(const View& view, const std::string& format);

}  // namespace augur::report
