// Layer kind names.
#include "sim/workload/layer.h"

#include <algorithm>

namespace augur {

const char* caffe_type_name(LayerKind kind) {
  switch (kind) {
    case LayerKind::Input: return "Input";
    case LayerKind::Convolution: return "Convolution";
    case LayerKind::Deconvolution: return "Deconvolution";
    case LayerKind::InnerProduct: return "InnerProduct";
    case LayerKind::Pooling: return "Pooling";
    case LayerKind::ReLU: return "ReLU";
    case LayerKind::PReLU: return "PReLU";
    case LayerKind::Sigmoid: return "Sigmoid";
    case LayerKind::TanH: return "TanH";
    case LayerKind::LRN: return "LRN";
    case LayerKind::BatchNorm: return "BatchNorm";
    case LayerKind::Scale: return "Scale";
    case LayerKind::Bias: return "Bias";
    case LayerKind::Eltwise: return "Eltwise";
    case LayerKind::Concat: return "Concat";
    case LayerKind::Slice: return "Slice";
    case LayerKind::Split: return "Split";
    case LayerKind::Dropout: return "Dropout";
    case LayerKind::Softmax: return "Softmax";
    case LayerKind::Flatten: return "Flatten";
    case LayerKind::Reshape: return "Reshape";
    case LayerKind::Power: return "Power";
    case LayerKind::Clip: return "Clip";
    case LayerKind::HardSigmoid: return "HardSigmoid";
    case LayerKind::HardSwish: return "HardSwish";
    case LayerKind::Permute: return "Permute";
    case LayerKind::Pad: return "Pad";
    case LayerKind::Reduce: return "Reduce";
    case LayerKind::Resize: return "Resize";
    case LayerKind::LogSoftmax: return "LogSoftmax";
    case LayerKind::Expand: return "Expand";
    case LayerKind::StridedSlice: return "StridedSlice";
    case LayerKind::Unmodelled: return "Unmodelled";
  }
  return "?";
}

std::vector<std::string> supported_layer_types() {
  std::vector<std::string> names;
  for (int k = 0; k <= static_cast<int>(kLastCaffeKind); ++k) {
    names.emplace_back(caffe_type_name(static_cast<LayerKind>(k)));
  }
  return names;
}

bool is_pointwise(const Window& w) {
  return w.kernel_h == 1 && w.kernel_w == 1 && w.stride_h == 1 && w.stride_w == 1 && !w.padded();
}

const std::string& Layer::written_bottom(size_t i) const {
  return i < written_bottoms.size() ? written_bottoms[i] : bottoms[i];
}

bool Layer::in_place() const {
  return std::any_of(tops.begin(), tops.end(), [&](const std::string& t) {
    return std::find(bottoms.begin(), bottoms.end(), t) != bottoms.end();
  });
}

}  // namespace augur
