// Sweep output: CSV (with its definition sidecar FILE.json) or JSON, streamed row by row into
// an AtomicOutput, so neither the rows nor the text of a large sweep are held in memory.
#pragma once

#include <memory>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/core/atomic_output.h"
#include "sim/sweep/sweep.h"

namespace augur::sweep {

// The CSV column header line (no newline) of a sweep with `meta`'s keys and types.
std::string csv_columns(const SweepResult& meta);

// One CSV row (with its newline); every name RFC 4180-quoted.
std::string csv_row(const SweepResult& meta, const SweepRow& row);

// One row as a flat JSON object keyed by the CSV's columns in their order, numbers as numbers (varied keys in
// their base units; a text key's value as text): a record for tools that take rows as dicts.
nlohmann::ordered_json sweep_record(const SweepResult& meta, const SweepRow& row);

// Throws InternalError when a prediction of `row` is NaN or infinite: never printed.
void check_finite(const SweepRow& row);

// Writes a sweep to `path` as "csv" or "json": begin() once with the sweep's metadata (rows may
// be empty), row() in point order, finish() to commit. A CSV also gets FILE.json (the
// definition, sweep_definition.h); its comment line carries the definition's hash.
class SweepWriter {
 public:
  SweepWriter(const SweepSpec& spec, std::string path, std::string format);
  void begin(const SweepResult& meta);
  void row(const SweepRow& row);
  void finish();

 private:
  const SweepSpec& spec_;
  std::string path_, format_;
  std::unique_ptr<AtomicOutput> out_;
  nlohmann::json definition_;
  SweepResult meta_;
  bool first_row_ = true;
};

}  // namespace augur::sweep
