// The bytes between `augur` and its ONNX helper (augur-onnx-import): every shipped ONNX model,
// imported in this process, survives encode -> decode -> encode unchanged, so the helper's reply
// carries everything the in-process import produces; malformed bytes are an InternalError (the
// two ends of one build disagree), never a crash or a silently partial model.
#include <algorithm>
#include <filesystem>

#include <gtest/gtest.h>

#include "sim/core/error.h"
#include "sim/workload/onnx/imported_model_codec.h"

namespace augur::onnx_import {
namespace {

namespace fs = std::filesystem;

std::vector<fs::path> shipped_onnx_models() {
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(fs::path(AUGUR_SOURCE_DIR) / "workloads" / "onnx")) {
    if (e.path().extension() == ".onnx") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  return files;
}

ImportedModel import_in_process(const fs::path& file) {
  ImportOptions options;
  options.batch = 2;  // a bound batch exercises the rewritten input shapes too
  return import_onnx(file, options);
}

TEST(ImportedModelCodec, EveryShippedModelRoundTripsByteForByte) {
  const auto files = shipped_onnx_models();
  ASSERT_GE(files.size(), 9u) << "workloads/onnx should hold the shipped models";
  for (const auto& file : files) {
    SCOPED_TRACE(file.filename().string());
    const ImportedModel model = import_in_process(file);
    const std::string bytes = encode_imported_model(model);
    const ImportedModel back = decode_imported_model(bytes);
    EXPECT_EQ(encode_imported_model(back), bytes);
    // The parts a reader sees first, compared directly (the byte equality covers the rest).
    EXPECT_EQ(back.name, model.name);
    ASSERT_EQ(back.layers.size(), model.layers.size());
    for (size_t i = 0; i < model.layers.size(); ++i) {
      EXPECT_EQ(back.layers[i].name, model.layers[i].name);
      EXPECT_EQ(back.layers[i].kind, model.layers[i].kind);
      EXPECT_EQ(back.layers[i].bottoms, model.layers[i].bottoms);
      EXPECT_EQ(back.layers[i].tops, model.layers[i].tops);
      EXPECT_EQ(back.layers[i].params.index(), model.layers[i].params.index());
    }
    EXPECT_EQ(back.notes, model.notes);
    EXPECT_EQ(back.folded_nodes, model.folded_nodes);
    EXPECT_EQ(back.weight_elements, model.weight_elements);
    EXPECT_EQ(back.onnx_shapes.size(), model.onnx_shapes.size());
  }
}

TEST(ImportedModelCodec, TruncatedBytesAreAnInternalErrorAtEveryLength) {
  const std::string bytes = encode_imported_model(import_in_process(shipped_onnx_models().front()));
  // Every prefix shorter than the whole is refused (stepping keeps the test fast on big models).
  const size_t step = std::max<size_t>(1, bytes.size() / 997);
  for (size_t n = 0; n < bytes.size(); n += step) {
    EXPECT_THROW(decode_imported_model(bytes.substr(0, n)), InternalError) << "prefix of " << n << " bytes";
  }
}

TEST(ImportedModelCodec, TrailingBytesAndAForeignTagAreRefused) {
  const std::string bytes = encode_imported_model(import_in_process(shipped_onnx_models().front()));
  EXPECT_THROW(decode_imported_model(bytes + "x"), InternalError);
  std::string foreign = bytes;
  foreign[0] = static_cast<char>(foreign[0] ^ 0x20);  // another tag: a helper of another build
  EXPECT_THROW(decode_imported_model(foreign), InternalError);
}

TEST(ImportedModelCodec, FlippedBytesNeverCrash) {
  // Corrupt one byte at a time: the decoder either refuses (InternalError) or, where the byte is
  // payload (a dimension, a name), returns a model; it never reads out of bounds (the sanitizer
  // build checks) nor allocates without bound (list lengths are capped by the bytes left).
  const std::string bytes = encode_imported_model(import_in_process(shipped_onnx_models().front()));
  const size_t step = std::max<size_t>(1, bytes.size() / 499);
  for (size_t i = 0; i < bytes.size(); i += step) {
    std::string corrupt = bytes;
    corrupt[i] = static_cast<char>(~corrupt[i]);
    try {
      (void)decode_imported_model(corrupt);
    } catch (const InternalError&) {
    }
  }
}

}  // namespace
}  // namespace augur::onnx_import
