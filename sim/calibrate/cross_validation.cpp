// Leave-one-network-out cross-validation.
#include "sim/calibrate/cross_validation.h"

#include <set>
#include <sstream>

#include <fmt/format.h>

#include "sim/calibrate/calibration_data.h"
#include "sim/core/csv.h"
#include "sim/core/error.h"
#include "sim/core/file_input.h"

namespace augur::calibrate {

std::vector<CalibrationSpec> read_calibrations(const std::filesystem::path& file) {
  return parse_calibrations(read_input_file(file, 1u << 20, "a calibrations CSV"), file.string());
}

std::vector<CalibrationSpec> parse_calibrations(const std::string& text, const std::string& display) {
  const auto rows = csv_records(text);
  if (rows.empty() || rows.front().text.rfind("runtime,base,params,note", 0) != 0) {
    throw UserError(display + ":1: expected the header runtime,base,params,note");
  }
  std::vector<CalibrationSpec> out;
  for (size_t i = 1; i < rows.size(); ++i) {
    if (rows[i].text.empty() || rows[i].text[0] == '#') continue;
    const auto f = split_csv_record(rows[i].text);
    if (f.size() != 4) throw UserError(fmt::format("{}:{}: expected 4 fields (runtime,base,params,note), got {}", display, rows[i].line, f.size()));
    CalibrationSpec s{f[0], f[1], {}, f[3]};
    std::istringstream words(f[2]);
    for (std::string w; words >> w;) s.params.push_back(w);
    if (s.runtime.empty() || s.base.empty() || s.params.empty()) {
      throw UserError(fmt::format("{}:{}: runtime, base and params must not be empty", display, rows[i].line));
    }
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<Fold> cross_validate(const std::vector<Record>& records, const std::vector<CalibrationSpec>& specs,
                                 const std::filesystem::path& root) {
  std::vector<Fold> folds;
  for (const auto& spec : specs) {
    const auto all = select_records(records, Selection{spec.runtime, "", "", ""}, root);
    std::set<std::string> networks;
    for (const auto& m : all.measurements) networks.insert(network_stem(m.record.network));
    if (networks.size() < 2) continue;
    const auto base = root / spec.base;
    for (const auto& network : networks) {
      const CalibrationProblem training(select_records(records, Selection{spec.runtime, "", network, ""}, root), base);
      const auto params = chosen_parameters(training.runtime().values, spec.params);
      CalibrateOptions options;
      options.analyse = false;
      const auto fit = calibrate(training, params, options);
      const CalibrationProblem test(select_records(records, Selection{spec.runtime, "", "", network}, root), base);
      const auto predicted = test.predict(test.runtime_with(params, fit.fitted_values()));
      Fold fold{spec.runtime, network, static_cast<int>(training.data().measurements.size()), fit.loss, {}, {}};
      for (const auto& f : fit.parameters) fold.values[f.parameter.path] = f.value;
      for (size_t i = 0; i < predicted.size(); ++i) {
        const Record& r = test.data().measurements[i].record;
        CheckedRecord c{r, predicted[i].has_value(), predicted[i].value_or(0), 0};
        if (c.found) c.error = c.predicted / r.value - 1;
        fold.checked.push_back(std::move(c));
      }
      folds.push_back(std::move(fold));
    }
  }
  return folds;
}

}  // namespace augur::calibrate
