// ONNX model -> the layers of a network, with ONNX's semantics: the model is read with ONNX's
// protobuf classes (libonnx), symbolic input dimensions are bound (--batch, --dim), nodes are
// checked against their operator schemas and put in topological order, ONNX's own shape inference
// runs, and each node becomes one Augur layer (docs/cli.md, "ONNX models", lists the mapping).
#pragma once

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "sim/workload/layer_graph.h"

namespace augur::onnx_import {

struct ImportOptions {
  std::optional<std::int64_t> batch;           // binds dim 0 of every graph input
  std::map<std::string, std::int64_t> dims;     // binds named symbolic dimensions (--dim NAME=VALUE)
  bool allow_unknown = false;                   // unknown operators become zero-cost layers
  // libonnx's shape inference trusts its input (a crash on a malformed model): run it in a forked
  // child. The augur-onnx-import helper turns this off: the helper is the child already.
  bool shape_inference_in_child = true;
};

struct ImportedModel {
  std::string name;                // the graph's name
  std::vector<Layer> layers;       // topological order
  std::vector<std::string> notes;  // the model's provenance, defaults taken, aliases
  // op_type -> nodes imported as zero-cost Unmodelled layers (only with allow_unknown)
  std::map<std::string, int> unmodelled;
  // Nodes folded into constants at load time (constant_folding.h): no layers, no time.
  int folded_nodes = 0;
  // What ONNX itself says, for the checks of check_against_onnx: the static shape ONNX shape
  // inference gives each value, and the initializer elements each layer reads as weights.
  std::map<std::string, Shape> onnx_shapes;
  std::map<std::string, std::int64_t> weight_elements;  // layer name -> elements
};

// Reads a .onnx file. Two implementations, one per binary: in this process (the augur_onnx
// library: libonnx linked in; tests, fuzzers, the Python module, the helper), or in the
// augur-onnx-import helper process (augur_onnx_client; the augur binary, which starts without
// libonnx). Both throw the same UserErrors. Throws UserError naming the file and, where it applies, the node (name,
// index, op_type): a file that is not a model (truncated, not protobuf), an opset outside the
// range Augur reads, a cycle, an input no node or initializer provides, an unknown operator (with
// the supported list), a symbolic dimension without a value, an attribute Augur cannot model.
ImportedModel import_onnx(const std::filesystem::path& file, const ImportOptions& options);

// The same from the serialized bytes; `display_name` names them in messages (tests, fuzzing).
ImportedModel import_onnx_bytes(const std::string& bytes, const std::string& display_name,
                                const ImportOptions& options);

// After Augur's shape inference on the imported layers: every layer's tops have the shapes ONNX
// inferred, and its parameter count equals the initializer elements it reads. Throws UserError
// naming the node otherwise (a model Augur would misread).
void check_against_onnx(const LayerGraph& graph, const ImportedModel& model, const std::string& file);

// The ONNX operator types Augur maps onto its layer kinds, sorted.
std::vector<std::string> supported_operators();

}  // namespace augur::onnx_import
