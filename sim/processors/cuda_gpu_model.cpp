// Processor model `gpu`: a CUDA GPU running a BLAS library's GEMM tiles and the framework's CUDA
// kernels, issued asynchronously by the host.
#include <algorithm>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/model/gpu/gpu_gemm.h"
#include "sim/model/gpu/gpu_stream.h"
#include "sim/model/host_time.h"
#include "sim/processors/processor_model.h"

namespace augur {
namespace {

class CudaGpuModel final : public ProcessorModel {
 public:
  std::string_view id() const override { return "gpu"; }
  std::string_view summary() const override {
    return "CUDA GPU: wave-level GEMM of the library's tiles, streaming kernels, launch gaps; asynchronous";
  }
  Issue issue() const override { return Issue::Asynchronous; }

  void check_runtime(const Runtime& runtime, const std::string& file) const override {
    if (runtime.lowering.data_type == DataType::Int8) {
      throw UserError(fmt::format("{}: lowering.data_type: the gpu model computes in fp32 or fp16 (int8 needs "
                                  "dp4a, sm_61, which no modelled GPU has)", file));
    }
  }

  std::string cannot_run(const Layer&) const override { return ""; }

  LayerCost cost(const std::vector<Kernel>& kernels, const Processor& processor, const Runtime& runtime,
                 const Memory& memory, CacheModel cache_model) const override {
    const Gpu& gpu = *processor.as<Gpu>();
    const GpuRuntime& rt = runtime.as<GpuRuntime>();
    LayerCost c;
    c.kernels.reserve(kernels.size());
    for (const auto& k : kernels) {
      switch (k.kind) {
        case KernelKind::Gemm: {
          const GemmShape shape = gpu_gemm_shape(k, rt);
          c.kernels.push_back(gpu_gemm_cost(shape, k.launches, rt, gpu, memory, cache_model));
          break;
        }
        case KernelKind::Gemv:
          c.kernels.push_back(gpu_gemv_cost(k.m, k.k, element_bytes(k.data_type), rt, memory));
          break;
        case KernelKind::Stream: c.kernels.push_back(gpu_stream_cost(k, rt, gpu, memory)); break;
      }
    }
    // A layer that calls the GEMM library pays its per-layer host cost once, whatever the batch.
    const double host_scale = host_time_scale(runtime.host_clock_hz, processor.host_clock_hz);
    HostCosts host = host_costs(runtime, processor);
    const bool calls_library = std::any_of(kernels.begin(), kernels.end(), [](const Kernel& k) {
      return k.kind == KernelKind::Gemm || k.kind == KernelKind::Gemv;
    });
    if (calls_library) host.layer_overhead_s += host_scale * rt.library_layer_overhead_s;
    // Caffe's bias GEMM reads the multiplier Reshape refilled on the host: one synchronous copy.
    const bool copies_multiplier =
        std::any_of(kernels.begin(), kernels.end(), [](const Kernel& k) { return k.bias_multiplier; });
    if (copies_multiplier) host.layer_overhead_s += host_scale * rt.bias_multiplier_copy_s;
    finish_async_layer_cost(c, host, kernels);
    return c;
  }

  std::vector<std::string> memory_levels() const override { return {"dram"}; }

  // Host time, on the board's host CPU. kernels.kernel_launch is charged as GPU time (the gap
  // between dependent kernels) and is not scaled: how much of it is the host's, the records
  // cannot tell (validation/analysis-2026-12.md, 2026-12-07, fourth session).
  HostCosts host_costs(const Runtime& runtime, const Processor& processor) const override {
    const GpuRuntime& g = runtime.as<GpuRuntime>();
    const double s = host_time_scale(runtime.host_clock_hz, processor.host_clock_hz);
    return HostCosts{s * g.layer_overhead_s, s * g.launch_issue_s, s * g.layer_sync_s, s * g.timer_gap_s};
  }
};

}  // namespace

const ProcessorModel& cuda_gpu_model() {
  static const CudaGpuModel model;
  return model;
}

}  // namespace augur
