// A network ready for the simulator: its layer graph with inferred shapes, where it came from,
// its batch, and the importer's notes.
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
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
  std::string format;              // "caffe" or "onnx"
  // Operators imported as zero-cost Unmodelled layers (ONNX with --allow-unknown): op -> nodes.
  std::map<std::string, int> unmodelled;
  // ONNX nodes folded into constants at load time (weight preprocessing, shape computations).
  int folded_constant_nodes = 0;

  int unmodelled_count() const;
};

struct NetworkOptions {
  std::optional<std::int64_t> batch;         // overrides the batch in the file
  std::map<std::string, std::int64_t> dims;  // ONNX: values of named symbolic input dimensions
  bool allow_unknown = false;                // ONNX: unknown operators become zero-cost layers

  // Only a batch (or the file's, when empty); every other option at its default.
  static NetworkOptions with_batch(std::optional<std::int64_t> batch) {
    NetworkOptions o;
    o.batch = batch;
    return o;
  }
};

}  // namespace augur
