// Checking the model against recorded measurements: every modelled record is simulated on its
// board with its runtime, network and batch; errors are summarised per (runtime, scope) and
// compared with error budgets.
#pragma once

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/schedule/simulation.h"
#include "sim/validate/records.h"
#include "sim/workload/network.h"

namespace augur {

struct CheckedRecord {
  Record record;
  bool found = false;     // the quantity exists in the simulation (a layer name may not)
  double predicted = 0;   // in the record's unit
  double error = 0;       // predicted / measured - 1
};

struct ErrorStats {
  std::string runtime, scope;
  int count = 0;
  double median_abs = 0, max_abs = 0, rmspe = 0;  // relative
};

struct Budget {
  std::string runtime, scope;
  double max_abs = 0;  // relative
  std::string note;
  // Written as `scope@network` in the file: the budget of one network's records (the network
  // file's stem, e.g. squeezenet_v1.1); a budget without one covers the records of every network
  // that has no budget of its own for that runtime and scope.
  std::string network;
};

struct ValidationReport {
  std::vector<CheckedRecord> checked;            // modelled records, in file order
  std::vector<ErrorStats> stats;                 // per (runtime, scope)
  std::map<std::string, int> not_modelled;       // reason -> record count
  std::vector<std::string> budget_failures;      // human-readable, empty when within budgets
};

// The board file a record's board names, relative to the project root ("TX1" ->
// "hwdesc/boards/jetson-tx1.yaml").
std::string board_file(const std::string& board);

// The time (ms) a simulation predicts for a time record (scope total, type or layer: a layer's
// or a type's layerwise time with its hand-off, a fused layer split by its shares); nullopt when
// the simulation has no such quantity (a layer name it does not have, a memory record).
std::optional<double> predicted_time_ms(const Record& r, const Network& network, const SimulationResult& result);

// `root` is the directory that board, runtime and network paths are relative to (the project).
ValidationReport validate_records(const std::vector<Record>& records, const std::filesystem::path& root);

// Count, median |error|, max |error| and RMSPE per (runtime, scope) of the found records.
std::vector<ErrorStats> summarise(const std::vector<CheckedRecord>& checked);

// budgets.csv: runtime,scope[@network],max_abs_error_percent,note
std::vector<Budget> read_budgets(const std::filesystem::path& file);
std::vector<Budget> parse_budgets(const std::string& text, const std::string& display);
void check_budgets(ValidationReport& report, const std::vector<Budget>& budgets);

}  // namespace augur

namespace augur {

// One raw trace named in validation/traces.csv: where it was recorded and which runtime models it.
struct TraceEntry {
  std::string file, board, processor, network, runtime, modelled;
};

struct TraceValidation {
  TraceEntry entry;
  int layers = 0;                  // trace layers
  int matched = 0;                 // matched to the network (modelled traces)
  double median_abs_error = 0;     // over matched layers
  std::optional<double> forward_measured_ms, forward_predicted_ms;
  std::vector<std::pair<std::string, double>> layer_errors;  // matched trace layers: label, error
};

std::vector<TraceEntry> read_trace_manifest(const std::filesystem::path& file);
std::vector<TraceEntry> parse_trace_manifest(const std::string& text, const std::string& display);

// Imports every manifest entry found in `directory`; simulates and compares the modelled ones
// (batch from the trace), shows the others as not modelled.
std::vector<TraceValidation> validate_traces(const std::vector<TraceEntry>& entries, const std::filesystem::path& directory,
                                             const std::filesystem::path& root);

}  // namespace augur
