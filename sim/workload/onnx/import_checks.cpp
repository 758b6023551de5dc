// check_against_onnx: Augur's shapes and parameter counts against what ONNX said at import. It
// reads only the ImportedModel (plain data), so it runs in the augur process, which does not link
// libonnx (the import itself may run in the augur-onnx-import helper).
#include <fmt/format.h>

#include "sim/workload/accounting.h"
#include "sim/workload/onnx/onnx_importer.h"

namespace augur::onnx_import {

void check_against_onnx(const LayerGraph& graph, const ImportedModel& model, const std::string& file) {
  for (const auto& layer : graph.layers()) {
    if (layer.kind == LayerKind::Input) continue;
    for (size_t i = 0; i < layer.tops.size() && i < layer.top_shapes.size(); ++i) {
      const auto it = model.onnx_shapes.find(layer.tops[i]);
      if (it != model.onnx_shapes.end() && it->second != layer.top_shapes[i]) {
        throw UserError(fmt::format("{}: node '{}' ({}): ONNX shape inference gives '{}' the shape {}, Augur's "
                                    "shape rules give {}; Augur would misread this model (please report it)",
                                    file, layer.name, caffe_type_name(layer.kind), layer.tops[i],
                                    it->second.to_string(), layer.top_shapes[i].to_string()));
      }
    }
    const auto w = model.weight_elements.find(layer.name);
    if (w == model.weight_elements.end()) continue;
    const auto params = count_layer(layer).params;
    if (params != w->second) {
      throw UserError(fmt::format("{}: node '{}' ({}): its initializers hold {} values, but a {} of these shapes "
                                  "has {} parameters",
                                  file, layer.name, caffe_type_name(layer.kind), w->second,
                                  caffe_type_name(layer.kind), params));
    }
  }
}

}  // namespace augur::onnx_import
