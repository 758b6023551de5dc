// Checking the model against recorded measurements: every modelled record is simulated on its
// board with its runtime, network and batch; errors are summarised per (runtime, scope) and
// compared with error budgets.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "sim/validate/records.h"

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
};

struct ValidationReport {
  std::vector<CheckedRecord> checked;            // modelled records, in file order
  std::vector<ErrorStats> stats;                 // per (runtime, scope)
  std::map<std::string, int> not_modelled;       // reason -> record count
  std::vector<std::string> budget_failures;      // human-readable, empty when within budgets
};

// `root` is the directory that board, runtime and network paths are relative to (the project).
ValidationReport validate_records(const std::vector<Record>& records, const std::filesystem::path& root);

// budgets.csv: runtime,scope,max_abs_error_percent,note
std::vector<Budget> read_budgets(const std::filesystem::path& file);
void check_budgets(ValidationReport& report, const std::vector<Budget>& budgets);

}  // namespace augur
