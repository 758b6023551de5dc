// A network ready for the simulator: its layer graph with inferred shapes, where it came from,
// its batch, and the importer's notes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/workload/layer_graph.h"

namespace augur {

struct Network {
  std::string name;                // from the file's `name:` (or the file name)
  std::string file;                // as given
  std::int64_t batch = 0;          // dim 0 of the first input
  LayerGraph graph;
  std::vector<std::string> notes;  // skipped layers, ignored fields
};

struct NetworkOptions {
  std::optional<std::int64_t> batch;  // overrides the batch in the file
};

// Imports the file (Caffe .prototxt), builds the graph, infers shapes.
Network load_network(const std::filesystem::path& file, const NetworkOptions& options = {});

// The same from prototxt text (tests and fuzzing).
Network load_network_from_prototxt_text(const std::string& text, const std::string& display_name,
                                        const NetworkOptions& options = {});

}  // namespace augur
