// `augur compare`: one network on two or more boards side by side, per layer and in total (table,
// JSON, CSV). Layers are the network's; a result that covers several layers (fused by a runtime)
// is split by its shares, so boards whose runtimes fuse differently still line up.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "sim/scenario/scenario.h"
#include "sim/schedule/simulation.h"

namespace augur::report {

struct BoardRun {
  std::string label;  // the column name: the board file's stem (made unique)
  const Scenario* scenario = nullptr;
  SimulationResult result;
};

struct BoardComparison {
  std::string processor;  // --processor
  std::string mode;       // "forward" or "layerwise": which layer time is compared
  std::vector<BoardRun> runs;
};

std::string board_comparison_table(const BoardComparison& c);
nlohmann::json board_comparison_json(const BoardComparison& c);
std::string board_comparison_csv(const BoardComparison& c);

}  // namespace augur::report
