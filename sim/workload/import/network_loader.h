// Loading a network file: a Caffe .prototxt or an ONNX model, imported, built into a graph, with
// Caffe's shape rules applied (and, for ONNX, checked against ONNX's shape inference).
#pragma once

#include <filesystem>
#include <string>

#include "sim/workload/network.h"

namespace augur {

// Imports the file (Caffe .prototxt, or ONNX when the name ends in .onnx), builds the graph,
// infers shapes. `dims` and `allow_unknown` apply to ONNX models only (a UserError otherwise).
Network load_network(const std::filesystem::path& file, const NetworkOptions& options = {});

// An ONNX model from its bytes (tests and fuzzing).
Network load_network_from_onnx_bytes(const std::string& bytes, const std::string& display_name,
                                     const NetworkOptions& options = {});

// The same from prototxt text (tests and fuzzing).
Network load_network_from_prototxt_text(const std::string& text, const std::string& display_name,
                                        const NetworkOptions& options = {});

}  // namespace augur
