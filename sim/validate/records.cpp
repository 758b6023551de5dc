// Records CSV reader (RFC 4180 quoting, strict numbers).
#include "sim/validate/records.h"

#include <map>

#include <fmt/format.h>

#include "sim/core/csv.h"
#include "sim/core/error.h"
#include "sim/core/file_input.h"
#include "sim/core/strict_number.h"

namespace augur {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 64u << 20;

}  // namespace

std::vector<Record> read_records(const std::filesystem::path& file) {
  return parse_records(read_input_file(file, kMaxFileBytes, "a records CSV"), file.string());
}

std::vector<Record> parse_records(const std::string& text, const std::string& display) {
  const std::filesystem::path file(display);
  const auto records = csv_records(text);
  if (records.empty()) throw UserError(file.string() + ":1: empty records file");
  const auto header = split_csv_record(records.front().text);
  std::map<std::string, size_t> col;
  for (size_t i = 0; i < header.size(); ++i) col[header[i]] = i;
  for (const char* need : {"id", "source", "board", "processor", "stack", "runtime", "network", "batch", "clocks",
                           "scope", "what", "value", "unit", "modelled", "provenance"}) {
    if (!col.count(need)) throw UserError(fmt::format("{}:1: missing column '{}'", file.string(), need));
  }
  std::vector<Record> out;
  for (size_t i = 1; i < records.size(); ++i) {
    const int n = records[i].line;
    const auto f = split_csv_record(records[i].text);
    if (f.size() != header.size()) {
      throw UserError(fmt::format("{}:{}: {} fields, the header has {}", file.string(), n, f.size(), header.size()));
    }
    Record r{f[col["id"]], f[col["source"]], f[col["board"]], f[col["processor"]], f[col["stack"]],
             f[col["runtime"]], f[col["network"]], 0, f[col["clocks"]], f[col["scope"]], f[col["what"]], 0,
             f[col["unit"]], f[col["modelled"]], f[col["provenance"]]};
    const auto batch = f[col["batch"]].empty() ? std::optional<std::int64_t>(0) : parse_integer(f[col["batch"]], 1, 1'000'000'000);
    const auto value = parse_finite_number(f[col["value"]]);
    if (!batch || !value) {
      throw UserError(fmt::format("{}:{}: batch must be a whole number (1 to 1e9) and value a finite number", file.string(), n));
    }
    r.batch = *batch;
    r.value = *value;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace augur
