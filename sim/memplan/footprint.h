// Memory footprints of a network on one processor: the parts Caffe allocates (weights, data,
// internal buffers, workspace, the runtime's fixed overhead), and the peak of a runtime that
// frees activations after their last reader and shares one workspace (the liveness policy).
// Formulas: docs/model.md, "Memory".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "sim/hwdesc/runtime.h"
#include "sim/workload/network.h"

namespace augur {

enum class MemoryPolicy { Caffe, Liveness };

struct LayerMemory {
  std::int64_t weight_bytes = 0;
  std::int64_t top_bytes = 0;        // tops as Caffe counts them ("Memory required for data")
  std::int64_t allocated_bytes = 0;  // new allocations for its tops (in-place and Split tops
                                     // share their bottom's data)
  std::int64_t internal_bytes = 0;
  std::int64_t workspace_bytes = 0;  // its im2col column buffer, or its library algorithm's workspace
};

struct Footprint {
  std::int64_t weights_bytes = 0;         // all copies the runtime keeps (host, device)
  std::int64_t data_bytes = 0;            // Caffe's "Memory required for data"
  std::int64_t data_allocated_bytes = 0;  // what the data blobs really occupy
  std::int64_t internal_bytes = 0;
  std::int64_t workspace_bytes = 0;       // per layer (Caffe) or the largest one (shared)
  std::int64_t runtime_bytes = 0;         // framework, libraries, heap, CUDA context
  std::int64_t total_bytes = 0;           // the policy's footprint
  std::int64_t caffe_total_bytes = 0;     // the Caffe policy's, for comparison
  std::int64_t peak_liveness_bytes = 0;   // the liveness policy's (interval-packed arena + rest)
  std::int64_t activation_peak_bytes = 0; // largest sum of live activations at one step
  std::int64_t arena_bytes = 0;           // interval-packed activation arena (>= activation peak)
  std::int64_t capacity_bytes = 0;        // the board's DRAM
  bool fits = true;
  std::vector<LayerMemory> layers;        // execution order
};

// `library_workspaces` (indexed by layer; empty or nullopt: Caffe's column buffer): the workspace
// of each convolution that runs a library algorithm (cuDNN's, sim/lower/convolution_algorithms.h).
// The library's workspace is one buffer the layers share (NVIDIA Caffe 0.15 keeps one static
// workspace), so both policies count the largest of them once.
Footprint plan_memory(const Network& network, const RuntimeMemory& runtime, MemoryPolicy policy,
                      std::int64_t capacity_bytes,
                      const std::vector<std::optional<std::int64_t>>& library_workspaces = {});

// The largest sum of live activation bytes at any step when every blob lives from the layer that
// writes it to the last layer that reads it (in-place tops extend their bottom's life), with
// elements of `bytes_per_element` (the runtime's data type).
std::int64_t activation_peak_bytes(const Network& network, std::int64_t bytes_per_element);

// The arena size when those live ranges are packed by a greedy first-fit by decreasing size (or,
// above 5,000 buffers, by linear-scan first fit in order of first use: O(n log n)).
std::int64_t packed_arena_bytes(const Network& network, std::int64_t bytes_per_element);

}  // namespace augur
