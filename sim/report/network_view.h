// Views of a network's accounting for `augur net show`: a table (one row per layer, then totals
// grouped by type as the seed papers do), JSON, and CSV.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/workload/accounting.h"
#include "sim/workload/network.h"

namespace augur::report {

// Accounting of a whole network: one entry per layer (execution order), totals per Caffe type
// (in order of first appearance) and overall.
struct NetworkAccount {
  struct TypeTotal {
    LayerKind kind = LayerKind::Input;
    std::string type;  // Caffe type name
    int layers = 0;
    LayerCounts counts;
  };
  std::vector<LayerCounts> layers;
  std::vector<TypeTotal> by_type;
  LayerCounts totals;
};

NetworkAccount account_network(const Network& network);

std::string network_table(const Network& network, const NetworkAccount& account);

// {"name", "file", "format", "batch", "unmodelled_nodes", "folded_constant_nodes", "unmodelled_operators": {op: nodes}}:
// the network's identity in every JSON report.
nlohmann::json network_identity_json(const Network& network);

// "not modelled: N nodes counted as zero cost (Op x n, ...)\n", or "" when every node is modelled.
std::string unmodelled_line(const Network& network);
nlohmann::json network_json(const Network& network, const NetworkAccount& account);
std::string network_csv(const Network& network, const NetworkAccount& account);

}  // namespace augur::report
