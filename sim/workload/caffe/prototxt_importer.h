// Caffe deploy.prototxt -> the layers of a network, with Caffe's semantics: both the `layer {}`
// and the legacy `layers {}` syntax, net-level `input:` fields upgraded to an Input layer, TEST
// phase include/exclude rules, loss and accuracy layers skipped with a note, and the Split layers
// Caffe inserts for blobs read by several layers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "sim/workload/layer.h"

namespace augur::caffe {

struct ImportOptions {
  std::optional<std::int64_t> batch;  // replaces dim 0 of every input shape
};

struct ImportedLayers {
  std::string name;                // the net's `name:`
  std::vector<Layer> layers;       // file order, splits inserted
  std::vector<std::string> notes;  // skipped layers, unknown fields (one per distinct field)
};

// Reads a prototxt file. Throws UserError with file:line:column on syntax errors, unknown layer
// types (listing the supported ones), missing or contradictory parameters, data layers whose
// shape is in a database, an empty net.
ImportedLayers import_prototxt(const std::filesystem::path& file, const ImportOptions& options);

// The same from text; `display_name` names it in messages (tests, fuzzing).
ImportedLayers import_prototxt_text(const std::string& text, const std::string& display_name,
                                    const ImportOptions& options);

}  // namespace augur::caffe
