// Network loading: import -> graph -> shapes.
#include "sim/workload/network.h"

#include "sim/workload/caffe/prototxt_importer.h"
#include "sim/workload/shape_inference.h"

namespace augur {
namespace {

Network finish(caffe::ImportedLayers imported, const std::string& file) {
  Network net;
  net.file = file;
  net.name = imported.name.empty() ? std::filesystem::path(file).stem().string() : imported.name;
  net.notes = std::move(imported.notes);
  net.graph = LayerGraph::build(std::move(imported.layers));
  infer_shapes(net.graph);
  for (const auto& layer : net.graph.layers()) {
    if (layer.kind == LayerKind::Input && !layer.top_shapes.empty() &&
        !layer.top_shapes[0].dims.empty()) {
      net.batch = layer.top_shapes[0].dims[0];
      break;
    }
  }
  return net;
}

}  // namespace

Network load_network(const std::filesystem::path& file, const NetworkOptions& options) {
  return finish(caffe::import_prototxt(file, caffe::ImportOptions{options.batch}), file.string());
}

Network load_network_from_prototxt_text(const std::string& text, const std::string& display_name,
                                        const NetworkOptions& options) {
  return finish(caffe::import_prototxt_text(text, display_name, caffe::ImportOptions{options.batch}),
                display_name);
}

}  // namespace augur
