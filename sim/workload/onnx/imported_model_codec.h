// An imported ONNX model as bytes, for the pipe between `augur` and its ONNX helper process
// (augur-onnx-import, sim/app/onnx_import_main.cpp). The helper links libonnx and imports the
// model; the augur binary links neither libonnx nor the shared protobuf and C++ runtime it
// brings, so it starts in about a millisecond, and a crash inside libonnx ends the helper, not
// the simulation. Both ends are built from this file: the format has no compatibility promise
// beyond one build, and a version tag refuses a helper from another build.
#pragma once

#include <string>

#include "sim/workload/onnx/onnx_importer.h"

namespace augur::onnx_import {

// The model as bytes (little-endian integers, length-prefixed strings and lists).
std::string encode_imported_model(const ImportedModel& model);

// The model back. Throws InternalError when the bytes are not what encode_imported_model writes
// (truncated, a tag out of range, trailing bytes): the helper and augur disagree, a bug.
ImportedModel decode_imported_model(const std::string& bytes);

}  // namespace augur::onnx_import
