// Streaming CSV/JSON writers of sweep rows, the definition sidecar, and the in-memory views.
#include "sim/sweep/sweep_output.h"

#include <cmath>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/strict_number.h"
#include "sim/core/text_escape.h"
#include "sim/sweep/sweep_definition.h"

namespace augur::sweep {
namespace {

std::string json_text(const nlohmann::json& j, int indent) {
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

// Bytes of a row's traffic at one memory level (0 when its processors do not count that level).
double traffic_of(const SweepRow& row, const std::string& level) {
  for (const auto& [name, bytes] : row.traffic) {
    if (name == level) return bytes;
  }
  return 0.0;
}

nlohmann::json row_json(const SweepResult& meta, const SweepRow& row) {
  nlohmann::json values = nlohmann::json::object(), types = nlohmann::json::object();
  nlohmann::json traffic = nlohmann::json::object();
  nlohmann::json numbers = nlohmann::json::object();
  for (size_t i = 0; i < meta.keys.size(); ++i) {
    values[meta.keys[i]] = row.labels[i];
    if (meta.numeric_keys[i]) numbers[meta.key_columns[i]] = parse_finite_number(row.cells[i]).value_or(0.0);
  }
  for (size_t i = 0; i < meta.types.size(); ++i) types[meta.types[i]] = row.type_ms[i];
  for (const auto& level : meta.levels) traffic[level] = traffic_of(row, level);
  return {{"point", row.point}, {"values", values}, {"numbers", numbers}, {"network", row.network}, {"processor", row.processor},
          {"batch", row.batch}, {"forward_ms", row.forward_ms}, {"layerwise_ms", row.layerwise_ms},
          {"type_ms", types}, {"dram_bytes", row.dram_bytes}, {"memory_total_bytes", row.memory_total_bytes},
          {"fits", row.fits}, {"slowest_layer", row.slowest_layer}, {"slowest_bound", row.slowest_bound},
          {"traffic_bytes", traffic}};
}

std::string json_head(const SweepSpec& spec, const SweepResult& meta) {
  const nlohmann::json head{{"points", meta.total_points},
                            {"shard", fmt::format("{}/{}", meta.shard.index, meta.shard.count)},
                            {"board", spec.board},
                            {"keys", meta.keys},
                            {"types", meta.types}};
  std::string text = json_text(head, 2);
  text.pop_back();  // the closing brace: rows follow
  while (!text.empty() && (text.back() == '\n' || text.back() == ' ')) text.pop_back();
  return text + ",\n  \"rows\": [";
}

// A row object indented as a member of "rows".
std::string json_row(const SweepResult& meta, const SweepRow& row, bool first) {
  std::string text = json_text(row_json(meta, row), 2);
  std::string indented = first ? "\n    " : ",\n    ";
  for (char c : text) {
    indented += c;
    if (c == '\n') indented += "    ";
  }
  return indented;
}

}  // namespace

std::string csv_columns(const SweepResult& meta) {
  std::string out = "point";
  for (const auto& k : meta.key_columns) out += "," + csv_field(k);
  out += ",network,processor,batch,forward_ms,layerwise_ms";
  for (const auto& t : meta.types) out += "," + csv_field(t + "_ms");
  out += ",dram_bytes,memory_total_bytes,fits,slowest_layer,slowest_bound";
  for (const auto& level : meta.levels) out += ",traffic_" + level + "_bytes";
  return out;
}

std::string csv_row(const SweepResult& meta, const SweepRow& row) {
  std::string out = std::to_string(row.point);
  for (const auto& cell : row.cells) out += "," + csv_field(cell);
  out += fmt::format(",{},{},{},{:.6f},{:.6f}", csv_field(row.network), csv_field(row.processor), row.batch,
                     row.forward_ms, row.layerwise_ms);
  for (const double ms : row.type_ms) out += fmt::format(",{:.6f}", ms);
  out += fmt::format(",{:.0f},{},{},{},{}", row.dram_bytes, row.memory_total_bytes, row.fits ? 1 : 0,
                     csv_field(row.slowest_layer), csv_field(row.slowest_bound));
  for (const auto& level : meta.levels) out += fmt::format(",{:.0f}", traffic_of(row, level));
  return out + "\n";
}

nlohmann::ordered_json sweep_record(const SweepResult& meta, const SweepRow& row) {
  nlohmann::ordered_json r = nlohmann::ordered_json::object();
  r["point"] = row.point;
  for (size_t i = 0; i < meta.keys.size(); ++i) {
    r[meta.key_columns[i]] = meta.numeric_keys[i] ? nlohmann::ordered_json(parse_finite_number(row.cells[i]).value_or(0.0))
                                                  : nlohmann::ordered_json(row.cells[i]);
  }
  r["network"] = row.network;
  r["processor"] = row.processor;
  r["batch"] = row.batch;
  r["forward_ms"] = row.forward_ms;
  r["layerwise_ms"] = row.layerwise_ms;
  for (size_t i = 0; i < meta.types.size(); ++i) r[meta.types[i] + "_ms"] = row.type_ms[i];
  r["dram_bytes"] = row.dram_bytes;
  r["memory_total_bytes"] = row.memory_total_bytes;
  r["fits"] = row.fits;
  r["slowest_layer"] = row.slowest_layer;
  r["slowest_bound"] = row.slowest_bound;
  for (const auto& level : meta.levels) r["traffic_" + level + "_bytes"] = traffic_of(row, level);
  return r;
}

void check_finite(const SweepRow& row) {
  bool finite = std::isfinite(row.forward_ms) && std::isfinite(row.layerwise_ms) && std::isfinite(row.dram_bytes);
  for (const double ms : row.type_ms) finite = finite && std::isfinite(ms);
  if (!finite) {
    throw InternalError(fmt::format("sweep point {} ({}, {}): a prediction is not a finite number (forward {} ms)",
                                    row.point, terminal_text(row.network), row.processor, row.forward_ms));
  }
}

SweepWriter::SweepWriter(const SweepSpec& spec, std::string path, std::string format)
    : spec_(spec), path_(std::move(path)), format_(std::move(format)) {}

void SweepWriter::begin(const SweepResult& meta) {
  meta_.total_points = meta.total_points;
  meta_.shard = meta.shard;
  meta_.keys = meta.keys;
  meta_.key_columns = meta.key_columns;
  meta_.numeric_keys = meta.numeric_keys;
  meta_.types = meta.types;
  meta_.levels = meta.levels;
  out_ = std::make_unique<AtomicOutput>(path_, "--out " + path_);
  if (format_ == "json") {
    out_->write(json_head(spec_, meta_));
    return;
  }
  const std::string columns = csv_columns(meta_);
  definition_ = sweep_definition(spec_, meta_, columns);
  out_->write(columns + "\n");  // a plain CSV: the provenance is in the definition beside it
}

void SweepWriter::row(const SweepRow& row) {
  check_finite(row);
  out_->write(format_ == "json" ? json_row(meta_, row, first_row_) : csv_row(meta_, row));
  first_row_ = false;
}

void SweepWriter::finish() {
  if (format_ == "json") out_->write(first_row_ ? "]\n}\n" : "\n  ]\n}\n");
  if (format_ != "json" && !out_->direct()) {
    write_file_atomically(definition_path(path_), json_text(definition_, 2) + "\n",
                          "--out " + definition_path(path_));
  }
  out_->commit();
}

std::string sweep_csv(const SweepSpec& /*spec: the definition sidecar holds it*/, const SweepResult& r) {
  const std::string columns = csv_columns(r);
  std::string out = columns + "\n";
  for (const auto& row : r.rows) {
    check_finite(row);
    out += csv_row(r, row);
  }
  return out;
}

std::string sweep_json(const SweepSpec& spec, const SweepResult& r) {
  std::string out = json_head(spec, r);
  bool first = true;
  for (const auto& row : r.rows) {
    check_finite(row);
    out += json_row(r, row, first);
    first = false;
  }
  return out + (first ? "]\n}\n" : "\n  ]\n}\n");
}

}  // namespace augur::sweep
