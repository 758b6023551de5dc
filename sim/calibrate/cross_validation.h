// Leave-one-network-out cross-validation of the shipped calibrations: each runtime is refitted
// without one network's records (every scope and batch of it) and judged on that network alone,
// so the errors show how the model transfers to a network it was not fitted on.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/calibrate/calibrate.h"
#include "sim/validate/records.h"
#include "sim/validate/validation.h"

namespace augur::calibrate {

// One row of validation/calibrations.csv: how a shipped runtime is fitted.
struct CalibrationSpec {
  std::string runtime;              // the records' runtime name and the fitted file's stem
  std::string base;                 // the hand-written runtime it is fitted from (relative to the root)
  std::vector<std::string> params;  // the keys fitted
  std::string gemms;                // GEMMs timed alone also fitted on ("" = none; relative to the root)
  std::string note;
  // Per-layer traces also fitted on: the directory of the files validation/traces.csv lists for
  // this runtime ("" = none; relative to the root). A fold leaves out the left-out network's traces.
  std::string traces;
};

// runtime,base,params,gemms,traces,note, or without the traces column (runtime,base,params,gemms,
// note); params separated by spaces; lines starting with # are comments.
std::vector<CalibrationSpec> read_calibrations(const std::filesystem::path& file);
std::vector<CalibrationSpec> parse_calibrations(const std::string& text, const std::string& display);

struct Fold {
  std::string runtime, left_out;             // left_out: the network file stem
  int training_measurements = 0;
  double training_loss = 0;
  std::map<std::string, double> values;      // fitted without the left-out network
  std::vector<CheckedRecord> checked;        // the left-out network's time records, predicted by that fit
};

// Every fold of every spec (the GEMMs timed alone are in every fold's training data: they belong
// to no network); a network whose records are the runtime's only ones is not a fold.
std::vector<Fold> cross_validate(const std::vector<Record>& records, const std::vector<CalibrationSpec>& specs,
                                 const std::filesystem::path& root);

}  // namespace augur::calibrate
