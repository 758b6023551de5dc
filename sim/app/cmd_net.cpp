// `augur net show MODEL [--batch N] [--format table|json|csv]`: layers, shapes, MACs, params and
// blob sizes of a network, with totals per layer type.
#include <iostream>
#include <memory>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "sim/app/command.h"
#include "sim/app/network_flags.h"
#include "sim/core/log.h"
#include "sim/report/view.h"
#include "sim/report/network_view.h"
#include "sim/report/output_checks.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"

namespace augur::app {
namespace {

struct NetShowOptions {
  std::string model;
  NetworkFlags network;
  std::string format = "table";
};

void run_net_show(const NetShowOptions& options) {
  const Network network = load_network(options.model, options.network.options());
  log_network_notes(network);
  const auto account = report::account_network(network);
  const report::View view{[&] { return report::network_table(network, account); },
                          [&] { return report::network_json(network, account); },
                          [&] { return report::network_csv(network, account); }, {}};
  std::cout << report::render(view, options.format);
}

}  // namespace

void register_net_command(CLI::App& app, Action& chosen) {
  CLI::App* net = app.add_subcommand("net", "Networks: show layers, shapes, MACs, parameters");
  net->require_subcommand(1);
  auto options = std::make_shared<NetShowOptions>();
  CLI::App* show = net->add_subcommand(
      "show", "Per-layer shapes, MACs, paper ops, parameters and blob sizes, with totals by type");
  show->add_option("model", options->model, "Network description (Caffe .prototxt or .onnx)")->required();
  add_network_flags(show, options->network);
  show->add_option("--format", options->format, "Output format")
      ->check(CLI::IsMember({"table", "json", "csv"}))
      ->capture_default_str();
  show->callback([options, &chosen] { chosen = [options] { run_net_show(*options); }; });
}

}  // namespace augur::app
