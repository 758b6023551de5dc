// What a calibration is judged on: measured times from the project's records (and, optionally,
// per-layer traces), each tied to the simulation that predicts it and to the record set whose
// weight it shares in the loss.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/validate/records.h"
#include "sim/validate/trace.h"
#include "sim/validate/validation.h"

namespace augur::calibrate {

// One simulation serves every measurement of its board, processor, network and batch.
struct SimulationConfig {
  std::string board_file, processor, network_file;
  std::int64_t batch = 1;
  bool operator==(const SimulationConfig&) const = default;
};

// Measurements of one kind from one source ("dividiti_ck_caffe_tx1 layer"): each set weighs by
// its scope, whatever the number of records in it (docs/model.md, "Calibration").
struct RecordSet {
  std::string name;
  double weight = 1;
};

struct Measurement {
  Record record;       // a time record: scope total (forward or layerwise), type, layer or gemm; value in ms
  size_t config = 0;   // index into CalibrationData::configs
  size_t set = 0;      // index into CalibrationData::sets
  // scope "gemm": one library GEMM timed alone (DeepBench), on the processor of `config`.
  std::optional<GemmRecord> gemm;
};

struct CalibrationData {
  std::vector<SimulationConfig> configs;
  std::vector<RecordSet> sets;
  std::vector<Measurement> measurements;
  std::vector<std::string> left_out;  // records not used, each with the reason
};

// Weight of a record set by scope: whole-network times are what users ask for first (3), then
// per-type sums (2), then single layers (1).
double scope_weight(const std::string& scope);

struct Selection {
  std::string runtime;          // records whose runtime column names this runtime
  std::string board_file;       // every record on this board file; "" = the record's board (validate's rule)
  std::string leave_out;        // a network file stem whose records are left out ("" = none)
  std::string only;             // a network file stem whose records alone are kept ("" = all)
};

// The modelled time records (unit ms, value > 0) that `selection` picks, with their
// simulations. Paths in records (boards, networks) are relative to `root`.
CalibrationData select_records(const std::vector<Record>& records, const Selection& selection,
                               const std::filesystem::path& root);

// Adds the per-layer times of the modelled traces in `manifest` (validation/traces.csv format)
// whose runtime is `selection.runtime`, read from `directory`: one record set per trace, each
// trace layer that covers exactly one network layer a layer record (others are left out, listed).
void add_traces(CalibrationData& data, const std::vector<TraceEntry>& manifest, const std::filesystem::path& directory,
                const Selection& selection, const std::filesystem::path& root);

// Adds GEMMs timed alone (DeepBench's CSV, as `augur trace import` reads it) as one record set
// of weight 1, predicted by the GEMM model of the processor that the runtime's first record
// runs on (no framework around them). Throws UserError when `data` has no record to take the
// board and processor from.
void add_gemms(CalibrationData& data, const std::filesystem::path& file);

// The stem of a record's network file ("../shared/models/caffe/squeezenet_v1.1.prototxt" -> "squeezenet_v1.1").
std::string network_stem(const std::string& network_file);

}  // namespace augur::calibrate
