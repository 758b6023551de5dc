// Shard merge: definitions compared member by member, rows streamed in point order (point p is
// in shard p mod N + 1, and each shard lists its points in order).
#include "sim/sweep/sweep_merge.h"

#include <memory>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/atomic_output.h"
#include "sim/core/csv.h"
#include "sim/core/error.h"
#include "sim/core/file_input.h"
#include "sim/core/strict_number.h"
#include "sim/core/text_escape.h"
#include "sim/sweep/sweep_definition.h"

namespace augur::sweep {
namespace {

constexpr std::uintmax_t kMaxDefinitionBytes = 64u << 20;
constexpr size_t kMaxRecordBytes = 1 << 20;
// Members that must be equal in every shard, in the order differences are reported.
constexpr const char* kSweepMembers[] = {"board",    "overrides", "varies",      "networks",
                                         "processors", "batch",   "dims",        "allow_unknown",
                                         "points",   "shard_count", "columns"};

std::string short_text(const nlohmann::json& j) {
  std::string text = terminal_text(j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
  return text.size() > 120 ? text.substr(0, 117) + "..." : text;
}

nlohmann::json read_definition(const std::string& csv) {
  const std::string path = definition_path(csv);
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) {
    throw UserError(fmt::format("{}: no sweep definition beside it (expected {}, written by `augur sweep --out`)", csv, path));
  }
  const std::string text = read_input_file(path, kMaxDefinitionBytes, "a sweep definition");
  nlohmann::json d = nlohmann::json::parse(text, nullptr, false);
  // "format" checked for its type first: a number there (a duplicate key, the last wins) made
  // value("format", "") throw nlohmann's type error (found by fuzz_sweep_merge).
  const bool is_definition = !d.is_discarded() && d.is_object() && d.contains("format") && d["format"].is_string() &&
                             d["format"].get<std::string>() == kDefinitionFormat;
  if (!is_definition) {
    throw UserError(fmt::format("{}: not a sweep definition (expected JSON with \"format\": \"{}\")", path, kDefinitionFormat));
  }
  for (const char* member : kSweepMembers) {
    if (!d.contains(member)) throw UserError(fmt::format("{}: the sweep definition has no '{}'", path, member));
  }
  if (!d["hash"].is_string() || d["hash"].get<std::string>() != definition_hash(d)) {
    throw UserError(fmt::format("{}: the definition does not match its hash (edited or damaged)", path));
  }
  if (!d["points"].is_number_integer() || !d["shard_count"].is_number_integer() || !d["shard_index"].is_number_integer() ||
      !d["columns"].is_string() || d["points"].get<std::int64_t>() < 0 || d["shard_count"].get<std::int64_t>() < 1 ||
      d["shard_index"].get<std::int64_t>() < 1 || d["shard_index"].get<std::int64_t>() > d["shard_count"].get<std::int64_t>()) {
    throw UserError(fmt::format("{}: points, shard_count, shard_index or columns have the wrong type or range", path));
  }
  return d;
}

// One shard's rows, one CSV record at a time.
class ShardRows {
 public:
  ShardRows(const std::string& file, const nlohmann::json& definition) : file_(file), lines_(file, "an augur sweep CSV") {
    std::string columns;
    const std::string hash = definition["hash"].get<std::string>();
    if (!lines_.next(columns)) throw UserError(file + ":1: empty: not an augur sweep CSV");
    // Files of earlier versions start with a comment line that carries the definition's hash.
    if (columns.rfind("# augur sweep: points=", 0) == 0) {
      if (columns.find(" definition=" + hash + " ") == std::string::npos) {
        throw UserError(fmt::format("{}:1: does not belong to {} (its definition hash is not {})", file,
                                    definition_path(file), hash));
      }
      if (!lines_.next(columns)) columns.clear();
    }
    if (columns != definition["columns"].get<std::string>()) {
      throw UserError(fmt::format("{}:{}: the columns differ from those in {} (not the CSV it describes)", file,
                                  lines_.line_number(), definition_path(file)));
    }
    columns_ = split_csv_record(columns).size();
  }

  // The next record (empty lines skipped); nullopt at the end of the file.
  std::optional<std::string> next() {
    std::string line;
    do {
      if (!lines_.next(line)) return std::nullopt;
    } while (line.empty());
    line_ = lines_.line_number();
    std::string record = line;
    while (csv_record_open(record)) {
      if (!lines_.next(line)) throw cut(record);
      record += "\n" + line;
      if (record.size() > kMaxRecordBytes) throw UserError(fmt::format("{}:{}: a row longer than 1 MiB", file_, line_));
    }
    if (!lines_.terminated() || split_csv_record(record).size() != columns_) throw cut(record);
    return record;
  }

  int line() const { return line_; }
  const std::string& file() const { return file_; }

 private:
  UserError cut(const std::string& record) const {
    return UserError(fmt::format("{}:{}: the row is cut short ({} of {} fields{}); the file is truncated", file_, line_,
                                 split_csv_record(record).size(), columns_, lines_.terminated() ? "" : ", no newline at the end"));
  }

  std::string file_;
  LineReader lines_;
  size_t columns_ = 0;
  int line_ = 0;
};

}  // namespace

void merge_shards(const std::vector<std::string>& files, const std::string& out_path) {
  if (files.empty()) throw UserError("sweep merge: no files");
  std::vector<nlohmann::json> definitions;
  for (const auto& file : files) definitions.push_back(read_definition(file));
  const nlohmann::json& first = definitions.front();
  for (size_t i = 1; i < files.size(); ++i) {
    for (const char* member : kSweepMembers) {
      if (definitions[i][member] != first[member]) {
        throw UserError(fmt::format("sweep merge: {} is from another sweep than {}: {} is {} there, {} here", files[i],
                                    files.front(), member, short_text(first[member]), short_text(definitions[i][member])));
      }
    }
  }
  const auto count = first["shard_count"].get<std::int64_t>();
  const auto total = first["points"].get<std::int64_t>();
  // Each shard of the grid once: count <= files here, so the tables below stay small.
  if (count > static_cast<std::int64_t>(files.size())) {
    std::vector<bool> present(files.size() + 1, false);
    for (const auto& d : definitions) {
      const auto index = d["shard_index"].get<std::int64_t>();
      if (index <= static_cast<std::int64_t>(files.size())) present[static_cast<size_t>(index - 1)] = true;
    }
    size_t k = 0;
    while (present[k]) ++k;
    throw UserError(fmt::format("sweep merge: shard {}/{} is missing (its points {}, {}, ... are in no file)", k + 1,
                                count, k, k + static_cast<size_t>(count)));
  }
  std::vector<std::unique_ptr<ShardRows>> shards(static_cast<size_t>(count));
  std::vector<int> given(shards.size(), -1);
  for (size_t i = 0; i < files.size(); ++i) {
    const auto index = definitions[i]["shard_index"].get<std::int64_t>();
    auto& slot = given[static_cast<size_t>(index - 1)];
    if (slot >= 0) {
      throw UserError(fmt::format("sweep merge: shard {}/{} given twice ({} and {})", index, count, files[static_cast<size_t>(slot)], files[i]));
    }
    slot = static_cast<int>(i);
  }
  for (size_t k = 0; k < given.size(); ++k) {
    if (given[k] < 0) {
      throw UserError(fmt::format("sweep merge: shard {}/{} is missing (its points {}, {}, ... are not in any file)", k + 1,
                                  count, k, k + static_cast<size_t>(count)));
    }
  }
  for (size_t k = 0; k < given.size(); ++k) {
    const auto i = static_cast<size_t>(given[k]);
    shards[k] = std::make_unique<ShardRows>(files[i], definitions[i]);
  }

  nlohmann::json merged = first;
  merged["shard_count"] = 1;
  merged["shard_index"] = 1;
  merged["hash"] = definition_hash(merged);
  AtomicOutput out(out_path, "--out " + out_path);
  out.write(first["columns"].get<std::string>() + "\n");
  for (std::int64_t p = 0; p < total; ++p) {
    ShardRows& shard = *shards[static_cast<size_t>(p % count)];
    const auto record = shard.next();
    if (!record) throw UserError(fmt::format("{}: ends before point {} (the file is truncated)", shard.file(), p));
    const auto point = parse_integer(record->substr(0, record->find(',')), 0, total - 1);
    if (point != p) {
      throw UserError(fmt::format("{}:{}: expected point {}, found '{}'", shard.file(), shard.line(), p,
                                  terminal_text(record->substr(0, std::min<size_t>(record->find(','), 40)))));
    }
    out.write(*record);
    out.write("\n");
  }
  for (const auto& shard : shards) {
    if (shard->next()) throw UserError(fmt::format("{}:{}: a row after the last point of its shard", shard->file(), shard->line()));
  }
  if (!out.direct()) {
    write_file_atomically(definition_path(out_path), merged.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n",
                          "--out " + definition_path(out_path));
  }
  out.commit();
}

}  // namespace augur::sweep
