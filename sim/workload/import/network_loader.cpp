// Network loading: import (Caffe or ONNX) -> graph -> shapes.
#include "sim/workload/import/network_loader.h"

#include <algorithm>
#include <cctype>

#include "sim/workload/caffe/prototxt_importer.h"
#include "sim/workload/onnx/onnx_importer.h"
#include "sim/workload/shape_inference.h"

namespace augur {
namespace {

void set_batch(Network& net) {
  for (const auto& layer : net.graph.layers()) {
    if (layer.kind == LayerKind::Input && !layer.top_shapes.empty() &&
        !layer.top_shapes[0].dims.empty()) {
      net.batch = layer.top_shapes[0].dims[0];
      break;
    }
  }
}

Network finish(caffe::ImportedLayers imported, const std::string& file) {
  Network net;
  net.file = file;
  net.format = "caffe";
  net.name = imported.name.empty() ? std::filesystem::path(file).stem().string() : imported.name;
  net.notes = std::move(imported.notes);
  net.graph = LayerGraph::build(std::move(imported.layers));
  infer_shapes(net.graph);
  set_batch(net);
  return net;
}

Network finish(onnx_import::ImportedModel imported, const std::string& file) {
  Network net;
  net.file = file;
  net.format = "onnx";
  net.name = imported.name.empty() ? std::filesystem::path(file).stem().string() : imported.name;
  net.notes = imported.notes;
  net.unmodelled = imported.unmodelled;
  net.folded_constant_nodes = imported.folded_nodes;
  net.graph = LayerGraph::build(std::move(imported.layers));
  infer_shapes(net.graph);
  onnx_import::check_against_onnx(net.graph, imported, file);
  set_batch(net);
  return net;
}

bool is_onnx(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".onnx";
}

void refuse_onnx_options(const NetworkOptions& options, const std::string& file) {
  if (!options.dims.empty()) {
    throw UserError(file + ": named input dimensions apply to ONNX models (symbolic input dimensions); a Caffe "
                           "net has none");
  }
  if (options.allow_unknown) {
    throw UserError(file + ": allowing unknown operators applies to ONNX models; Caffe layer types Augur does "
                           "not know are always an error");
  }
}

onnx_import::ImportOptions onnx_options(const NetworkOptions& options) {
  return onnx_import::ImportOptions{options.batch, options.dims, options.allow_unknown};
}

}  // namespace

Network load_network(const std::filesystem::path& file, const NetworkOptions& options) {
  if (is_onnx(file)) return finish(onnx_import::import_onnx(file, onnx_options(options)), file.string());
  refuse_onnx_options(options, file.string());
  return finish(caffe::import_prototxt(file, caffe::ImportOptions{options.batch}), file.string());
}

Network load_network_from_onnx_bytes(const std::string& bytes, const std::string& display_name,
                                     const NetworkOptions& options) {
  return finish(onnx_import::import_onnx_bytes(bytes, display_name, onnx_options(options)), display_name);
}

Network load_network_from_prototxt_text(const std::string& text, const std::string& display_name,
                                        const NetworkOptions& options) {
  refuse_onnx_options(options, display_name);
  return finish(caffe::import_prototxt_text(text, display_name, caffe::ImportOptions{options.batch}),
                display_name);
}

}  // namespace augur
