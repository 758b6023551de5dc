// `augur hw show BOARD [--set k=v]... [--format yaml|json]` and `augur hw schema`.
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_schema.h"
#include "sim/hwdesc/schema.h"
#include "sim/hwdesc/schema_doc.h"
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
  if (options.format == "json") {
    std::cout << report::json_text(report::platform_json(loaded));
  } else {
    std::cout << report::platform_yaml(loaded);
  }
}

}  // namespace

void register_hw_command(CLI::App& app, Action& chosen) {
  CLI::App* hw = app.add_subcommand("hw", "Hardware descriptions: show, schema");
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
}

}  // namespace augur::app
