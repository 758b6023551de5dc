// `augur hw show BOARD [--set k=v]... [--format yaml|json]`, `augur hw schema` and
// `augur hw models [--format table|json]`.
#include <iostream>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_schema.h"
#include "sim/hwdesc/schema.h"
#include "sim/hwdesc/schema_doc.h"
#include "sim/processors/registry.h"
#include "sim/report/view.h"
#include "sim/report/output_checks.h"
#include "sim/report/platform_view.h"

namespace augur::app {
namespace {

struct HwShowOptions {
  std::string board;
  std::vector<std::string> overrides;
  std::string format = "yaml";
};

void run_hw_show(const HwShowOptions& options) {
  const auto loaded = hwdesc::load_platform(options.board, options.overrides);
  const report::View view{{}, [&] { return report::platform_json(loaded); }, {},
                          [&] { return report::platform_yaml(loaded); }};
  std::cout << report::render(view, options.format);
}

// The registered processor models: id, summary, issue, memory levels, and the keys of the
// board section a processor of that model has (from the schema).
void run_hw_models(const std::string& format) {
  const hwdesc::SectionSchema* processors = hwdesc::board_schema().section("processors");
  const auto keys_of = [&](std::string_view id) {
    std::vector<std::string> keys;
    const hwdesc::SectionSchema* variant = processors ? processors->variant(std::string(id)) : nullptr;
    if (variant == nullptr) return keys;
    const std::function<void(const hwdesc::SectionSchema&, const std::string&)> walk =
        [&](const hwdesc::SectionSchema& s, const std::string& prefix) {
          for (const auto& f : s.fields) keys.push_back(prefix + f.key);
          for (const auto& sub : s.sections) walk(sub, prefix + sub.key + ".");
        };
    walk(*variant, "");
    return keys;
  };
  if (format == "json") {
    nlohmann::json models = nlohmann::json::array();
    for (const auto* m : processor_models()) {
      models.push_back({{"model", std::string(m->id())},
                        {"summary", std::string(m->summary())},
                        {"issue", m->issue() == Issue::Synchronous ? "synchronous" : "asynchronous"},
                        {"memory_levels", m->memory_levels()},
                        {"keys", keys_of(m->id())}});
    }
    std::cout << nlohmann::json{{"models", models}}.dump(2) << "\n";
    return;
  }
  for (const auto* m : processor_models()) {
    std::cout << m->id() << ": " << m->summary() << "\n  keys:";
    for (const auto& k : keys_of(m->id())) std::cout << " " << k;
    std::cout << "\n";
  }
}

}  // namespace

void register_hw_command(CLI::App& app, Action& chosen) {
  CLI::App* hw = app.add_subcommand("hw", "Hardware descriptions: show, schema, models");
  hw->require_subcommand(1);

  auto show_options = std::make_shared<HwShowOptions>();
  CLI::App* show = hw->add_subcommand(
      "show", "Print the fully resolved board description with the origin of every value");
  show->add_option("board", show_options->board, "Board YAML, e.g. hwdesc/boards/jetson-tx1.yaml")
      ->required();
  show->add_option("--set", show_options->overrides,
                   "Override a value, KEY.PATH=VALUE (repeatable), e.g. gpu.l2.size=1MiB")
      ->take_all();
  show->add_option("--format", show_options->format, "Output format")
      ->check(CLI::IsMember({"yaml", "json"}))
      ->capture_default_str();
  show->callback([show_options, &chosen] { chosen = [show_options] { run_hw_show(*show_options); }; });

  CLI::App* schema = hw->add_subcommand(
      "schema", "Print the reference of every key a board (or, with --runtime, a runtime) "
                "description may have (Markdown)");
  auto runtime = std::make_shared<bool>(false);
  schema->add_flag("--runtime", *runtime, "The schema of runtime (software stack) files");
  schema->callback([runtime, &chosen] {
    chosen = [runtime] {
      std::cout << hwdesc::schema_markdown(*runtime ? hwdesc::runtime_schema() : hwdesc::board_schema());
    };
  });

  auto models_format = std::make_shared<std::string>("table");
  CLI::App* models = hw->add_subcommand("models", "List the registered processor models and their keys");
  models->add_option("--format", *models_format, "table or json")
      ->check(CLI::IsMember({"table", "json"}))
      ->capture_default_str();
  models->callback([models_format, &chosen] { chosen = [models_format] { run_hw_models(*models_format); }; });
}

}  // namespace augur::app
