// The flags every command that reads a network shares: --batch, --dim NAME=VALUE and
// --allow-unknown (the last two for ONNX models).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <CLI/CLI.hpp>

#include "sim/workload/network.h"

namespace augur::app {

struct NetworkFlags {
  std::optional<std::int64_t> batch;
  std::vector<std::string> dims;  // "NAME=VALUE", as typed
  bool allow_unknown = false;

  // The loader's options; throws UserError for a --dim that is not NAME=VALUE with 1 <= VALUE <= 2^30,
  // or a name given twice.
  NetworkOptions options() const;
};

// Logs the importer's notes (info) and one warning per operator imported as a zero-cost node.
void log_network_notes(const Network& network);

void add_network_flags(CLI::App* command, NetworkFlags& flags,
                       const std::string& batch_help = "Batch size (replaces the one in the file)");

}  // namespace augur::app
