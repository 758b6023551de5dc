// `augur validate [--records validation/records.csv] [--budgets validation/budgets.csv]
//  [--format table|json] [--all]`: every modelled record simulated and compared; exit 1 when an
// error exceeds its budget.
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <map>
#include <memory>
#include <string>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/core/version.h"
#include "sim/validate/validation.h"

namespace augur::app {
namespace {

struct ValidateOptions {
  std::string records = "validation/records.csv", budgets, format = "table";
  bool all = false;
};

// Exit status for "the model misses a budget": not a user error (2) nor a bug (3).
class BudgetExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

void print_table(const ValidationReport& r, bool all) {
  std::cout << fmt::format("# Augur {}: validation against recorded measurements (error = predicted / measured - 1)\n", kVersion);
  std::cout << fmt::format("{:<20} {:<7} {:>6} {:>12} {:>10} {:>8}\n", "runtime", "scope", "count", "median|err|", "max|err|", "RMSPE");
  for (const auto& s : r.stats) {
    std::cout << fmt::format("{:<20} {:<7} {:>6} {:>11.1f}% {:>9.1f}% {:>7.1f}%\n", s.runtime, s.scope, s.count,
                             100 * s.median_abs, 100 * s.max_abs, 100 * s.rmspe);
  }
  std::cout << "\n" << (all ? "every modelled record:\n" : "worst record of each runtime and scope (--all for every one):\n");
  std::map<std::pair<std::string, std::string>, const CheckedRecord*> worst;
  for (const auto& c : r.checked) {
    const auto key = std::make_pair(c.record.runtime, c.record.scope);
    if (c.found && (!worst.count(key) || std::fabs(c.error) > std::fabs(worst[key]->error))) worst[key] = &c;
  }
  const auto row = [](const CheckedRecord& c) {
    return fmt::format("  {:<26} {:<18} {:<6} b{:<3} {:<13} {:>10.3f} {:>10.3f} {:>+7.1f}%  [{}]\n", c.record.id,
                       c.record.runtime, c.record.scope, c.record.batch, c.record.what.substr(0, 13), c.record.value,
                       c.predicted, 100 * c.error, c.record.network.substr(c.record.network.rfind('/') + 1));
  };
  if (all) {
    for (const auto& c : r.checked) {
      if (c.found) std::cout << row(c);
    }
  } else {
    for (const auto& [key, c] : worst) std::cout << row(*c);
  }
  int unmatched = 0;
  for (const auto& c : r.checked) unmatched += c.found ? 0 : 1;
  if (unmatched) std::cout << fmt::format("{} modelled records name a quantity the simulation does not have (e.g. a layer name)\n", unmatched);
  std::cout << "\nnot modelled (shown, not judged):\n";
  for (const auto& [reason, n] : r.not_modelled) std::cout << fmt::format("  {:>4} records: {}\n", n, reason);
  for (const auto& f : r.budget_failures) std::cout << "BUDGET EXCEEDED: " << f << "\n";
}

nlohmann::json to_json(const ValidationReport& r) {
  nlohmann::json records = nlohmann::json::array();
  for (const auto& c : r.checked) {
    nlohmann::json j{{"id", c.record.id}, {"board", c.record.board}, {"processor", c.record.processor},
                     {"runtime", c.record.runtime}, {"network", c.record.network}, {"batch", c.record.batch},
                     {"scope", c.record.scope}, {"what", c.record.what}, {"measured", c.record.value},
                     {"unit", c.record.unit}, {"found", c.found}};
    if (c.found) {
      j["predicted"] = c.predicted;
      j["error"] = c.error;
    }
    records.push_back(j);
  }
  nlohmann::json stats = nlohmann::json::array();
  for (const auto& s : r.stats) {
    stats.push_back({{"runtime", s.runtime}, {"scope", s.scope}, {"count", s.count}, {"median_abs_error", s.median_abs},
                     {"max_abs_error", s.max_abs}, {"rmspe", s.rmspe}});
  }
  return {{"augur_version", kVersion}, {"records", records}, {"stats", stats}, {"not_modelled", r.not_modelled},
          {"budget_failures", r.budget_failures}};
}

void run_validate(const ValidateOptions& o) {
  const auto records = read_records(o.records);
  const auto root = std::filesystem::path(o.records).parent_path().parent_path();
  ValidationReport report = validate_records(records, root.empty() ? std::filesystem::path(".") : root);
  if (!o.budgets.empty()) check_budgets(report, read_budgets(o.budgets));
  if (o.format == "json") {
    std::cout << to_json(report).dump(2) << "\n";
  } else {
    print_table(report, o.all);
  }
  if (!report.budget_failures.empty()) throw BudgetExceeded(fmt::format("{} error budget(s) exceeded", report.budget_failures.size()));
}

}  // namespace

void register_validate_command(CLI::App& app, Action& chosen) {
  auto o = std::make_shared<ValidateOptions>();
  CLI::App* cmd = app.add_subcommand("validate", "Simulate every recorded measurement and report the errors");
  cmd->add_option("--records", o->records, "Records CSV (validation/README.md)")->capture_default_str();
  cmd->add_option("--budgets", o->budgets, "Error budgets CSV; exit 1 when one is exceeded");
  cmd->add_option("--format", o->format, "table or json")->check(CLI::IsMember({"table", "json"}))->capture_default_str();
  cmd->add_flag("--all", o->all, "List every record, not just the worst of each group");
  cmd->callback([o, &chosen] {
    chosen = [o] {
      try {
        run_validate(*o);
      } catch (const BudgetExceeded& e) {
        std::cerr << "augur: validation: " << e.what() << "\n";
        std::exit(1);
      }
    };
  });
}

}  // namespace augur::app
