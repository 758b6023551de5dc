// Sweeps: the cross product of --vary values × networks × processors, evaluated in parallel,
// in a deterministic order, optionally one shard of it. Results are rows of data; the CSV/JSON
// views and the shard merge live beside them.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "sim/sweep/vary.h"
#include "sim/workload/network.h"

namespace augur::sweep {

struct SweepSpec {
  std::string board;                     // board file
  std::vector<std::string> networks;     // network files
  std::vector<std::string> processors;   // processor names of the board, or "auto"
  std::vector<Vary> varies;
  std::vector<std::string> overrides;    // fixed --set values (board and runtime keys)
  std::vector<std::pair<std::string, std::string>> runtime_files;  // processor name -> runtime file
  NetworkOptions network;                // --batch, --dim, --allow-unknown
};

struct Shard {
  int index = 1;  // 1-based
  int count = 1;
};

// "I/N" with 1 <= I <= N; throws UserError otherwise.
Shard parse_shard(const std::string& text);

struct SweepRow {
  std::int64_t point = 0;                // global index in the full sweep
  std::vector<std::string> labels;       // one per vary, as written or formatted ("128 KiB")
  std::vector<std::string> cells;        // one per vary: the number in the key's base unit ("131072"),
                                         // or the text of a text key (CSV cells)
  std::string network;                   // network name
  std::string processor;
  std::int64_t batch = 0;
  double forward_ms = 0, layerwise_ms = 0;
  std::vector<double> type_ms;           // per SweepResult::types
  double dram_bytes = 0;
  std::vector<std::pair<std::string, double>> traffic;  // bytes per memory level
  std::int64_t memory_total_bytes = 0;
  bool fits = true;
  std::string slowest_layer, slowest_bound;
};

struct SweepResult {
  std::int64_t total_points = 0;         // of the full sweep
  Shard shard;
  std::vector<std::string> keys;         // the varied keys
  std::vector<std::string> key_columns;  // their CSV columns: the key + its base unit ("gpu.l2.size_bytes")
  std::vector<bool> numeric_keys;        // whether each key's cells are numbers
  std::vector<std::string> types;        // Caffe layer types of all networks, in first-seen order
  std::vector<std::string> levels;       // memory levels of all rows' traffic, in first-seen order
  std::vector<SweepRow> rows;            // this shard's points, by point index
};

// The CSV column of a varied key: the key with its base unit as a suffix ("gpu.l2.size_bytes",
// "gpu.clock_hz", "memory.bandwidth_bytes_per_s"); counts, numbers and text keys as they are;
// --vary batch is "batch_size" (every row has a "batch" column already).
std::string key_column(const Vary& vary);

// The value index of each --vary at a point (the last key varies fastest).
std::vector<size_t> value_indices(const SweepSpec& spec, std::int64_t point);

// Number of points of the full sweep (values × networks × processors).
std::int64_t point_count(const SweepSpec& spec);

// Checks every value of every --vary against the board/runtime schema before running (an error
// names the key and the value), then evaluates this shard's points on `jobs` threads.
// `progress(done, total)` is called from worker threads now and then (may be empty).
SweepResult run_sweep(const SweepSpec& spec, int jobs, Shard shard,
                      const std::function<void(std::int64_t, std::int64_t)>& progress);

// The same evaluation, streamed: `begin` gets the metadata (rows empty) once everything is
// loaded and checked, then `emit` gets every row of the shard in point order; only a block of
// rows is held at a time.
void run_sweep_streamed(const SweepSpec& spec, int jobs, Shard shard,
                        const std::function<void(std::int64_t, std::int64_t)>& progress,
                        const std::function<void(const SweepResult&)>& begin,
                        const std::function<void(const SweepRow&)>& emit);

// The whole CSV / JSON of a result in memory (sweep_output.cpp; the command streams instead).
// Both throw InternalError for a NaN or infinite prediction.
std::string sweep_csv(const SweepSpec& spec, const SweepResult& result);

// {"points", "shard": "I/N", "board", "keys", "types", "rows": [{"point", "values": {key: label},
//  "numbers": {key column: base-unit number}, "network", "processor", "batch", "forward_ms",
//  "layerwise_ms", "type_ms": {type: ms},
//  "dram_bytes", "memory_total_bytes", "fits", "slowest_layer", "slowest_bound"}]}
std::string sweep_json(const SweepSpec& spec, const SweepResult& result);

}  // namespace augur::sweep
