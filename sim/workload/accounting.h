// What each layer costs in work and storage, independent of hardware: multiply-accumulates,
// floating-point operations, the seed papers' operation count, parameters, and the sizes of the
// blobs and buffers Caffe allocates for it. Pure functions of a shape-inferred Layer.
// Definitions and formulas: docs/model.md, "Workload accounting".
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "sim/workload/layer.h"

namespace augur {

inline constexpr std::int64_t kFloatBytes = 4;  // FP32 blobs, as the recorded Caffe runs used

struct LayerCounts {
  std::int64_t macs = 0;       // multiply-accumulates (convolution, deconvolution, inner product)
  std::int64_t flops = 0;      // floating-point operations: 2 per MAC + bias adds + element ops
  std::int64_t paper_ops = 0;  // the seed papers' "FLOPs": MACs + bias adds (CONV, FC), window
                               // elements read (POOL, LRN), one per element (ReLU, ...)
  std::int64_t params = 0;     // learned values: weights, biases, BatchNorm/Scale/PReLU blobs
  std::int64_t top_elements = 0;       // all top blobs (in-place tops counted again, as Caffe does)
  std::int64_t internal_elements = 0;  // buffers the layer's forward pass touches (LRN scale,
                                       // max-pooling argmax, BatchNorm temporaries, ...)
  std::int64_t im2col_elements = 0;    // Caffe's convolution column buffer (one image)
  std::int64_t im2col_group_elements = 0;  // the column buffer of one group (one image)
  std::int64_t column_matrix_elements = 0;  // K x N of one group's GEMM, one image, for every
                                            // convolution including 1x1 ones: the seed papers'
                                            // "Workspace" (docs/model.md)

  LayerCounts& operator+=(const LayerCounts& other);
};

// Counts for one layer whose shapes have been inferred.
LayerCounts count_layer(const Layer& layer);

// Resize: the axes whose size changes, which multilinear interpolation blends along (each doubles
// the input elements one output reads: 2^k).
int interpolated_axes(const Layer& layer);

// The papers' grouping label of a layer kind: CONV, POOL, FC, ReLU, LRN, ... (others: the Caffe
// type name).
std::string paper_group(LayerKind kind);

}  // namespace augur
