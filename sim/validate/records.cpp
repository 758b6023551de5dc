// Records CSV reader (RFC 4180 quoting).
#include "sim/validate/records.h"

#include <fstream>
#include <map>

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur {
namespace {

// Splits one CSV line with quoted fields ("a ""b""" -> a "b").
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

}  // namespace

std::vector<Record> read_records(const std::filesystem::path& file) {
  std::ifstream in(file);
  if (!in) throw UserError(file.string() + ": cannot be read");
  std::string line;
  if (!std::getline(in, line)) throw UserError(file.string() + ":1: empty records file");
  const auto header = split_csv(line);
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (const char* need : {"id", "source", "board", "processor", "stack", "runtime", "network", "batch", "clocks",
                           "scope", "what", "value", "unit", "modelled", "provenance"}) {
    if (!col.count(need)) throw UserError(fmt::format("{}:1: missing column '{}'", file.string(), need));
  }
  std::vector<Record> out;
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    const auto f = split_csv(line);
    if (f.size() != header.size()) {
      throw UserError(fmt::format("{}:{}: {} fields, the header has {}", file.string(), n, f.size(), header.size()));
    }
    Record r{f[col["id"]], f[col["source"]], f[col["board"]], f[col["processor"]], f[col["stack"]],
             f[col["runtime"]], f[col["network"]], 0, f[col["clocks"]], f[col["scope"]], f[col["what"]], 0,
             f[col["unit"]], f[col["modelled"]], f[col["provenance"]]};
    try {
      r.batch = f[col["batch"]].empty() ? 0 : std::stoll(f[col["batch"]]);
      r.value = std::stod(f[col["value"]]);
    } catch (const std::exception&) {
      throw UserError(fmt::format("{}:{}: batch and value must be numbers", file.string(), n));
    }
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace augur
