// Processor model `cpu`: a CPU cluster running a BLAS library (Goto-blocked GEMM, GEMV) and the
// framework's own loops, synchronously on the host thread.
#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/model/cpu/cpu_gemm.h"
#include "sim/model/cpu/cpu_stream.h"
#include "sim/model/host_time.h"
#include "sim/processors/processor_model.h"

namespace augur {
namespace {

class CpuClusterModel final : public ProcessorModel {
 public:
  std::string_view id() const override { return "cpu"; }
  std::string_view summary() const override {
    return "CPU cluster: Goto/BLIS-blocked BLAS GEMM and GEMV, the framework's loops; synchronous";
  }
  Issue issue() const override { return Issue::Synchronous; }

  void check_runtime(const Runtime& runtime, const std::string& file) const override {
    require_data_type(runtime, file, DataType::Fp32);
    const Lowering& l = runtime.lowering;
    const bool gemm_lowering = l.convolution == ConvolutionLowering::Im2colGemm ||
                               l.convolution == ConvolutionLowering::ImplicitGemm;
    if (!gemm_lowering || !l.convolution_candidates.empty() || l.layer_library != LayerLibrary::Caffe) {
      throw UserError(fmt::format("{}: lowering: a cpu runtime runs convolutions as im2col_gemm or implicit_gemm "
                                  "(no convolution_candidates) and Caffe's own layers (layer_library: caffe)",
                                  file));
    }
  }

  std::string cannot_run(const Layer&) const override { return ""; }

  LayerCost cost(const std::vector<Kernel>& kernels, const Processor& processor, const Runtime& runtime,
                 const Memory& memory, CacheModel cache_model) const override {
    const CpuCluster& cpu = *processor.as<CpuCluster>();
    const CpuRuntime& rt = runtime.as<CpuRuntime>();
    LayerCost c;
    c.kernels.reserve(kernels.size());
    for (const auto& k : kernels) {
      switch (k.kind) {
        case KernelKind::Gemm: {
          KernelCost one = cpu_gemm_cost(gemm_shape(k), rt, cpu, memory, cache_model);
          const double n = static_cast<double>(k.launches);
          one.seconds *= n;
          one.dram_bytes *= n;
          one.compute_seconds *= n;
          one.memory_seconds *= n;
          one.cycles *= n;
          one.stall_cycles *= n;
          for (int l = 0; l < one.traffic.size; ++l) one.traffic.levels[static_cast<size_t>(l)].bytes *= n;
          c.kernels.push_back(std::move(one));
          break;
        }
        case KernelKind::Gemv:
          c.kernels.push_back(cpu_gemv_cost(k.m, k.k, element_bytes(k.data_type), rt, cpu, memory));
          break;
        case KernelKind::Stream: c.kernels.push_back(cpu_stream_cost(k, rt, cpu, memory)); break;
      }
    }
    finish_layer_cost(c, host_costs(runtime, processor));
    return c;
  }

  std::vector<std::string> memory_levels() const override { return {"dram"}; }

  HostCosts host_costs(const Runtime& runtime, const Processor& processor) const override {
    const CpuRuntime& c = runtime.as<CpuRuntime>();
    const double s = host_time_scale(runtime.host_clock_hz, processor.host_clock_hz);
    return HostCosts{s * c.layer_overhead_s, 0.0, 0.0, s * c.timer_gap_s};
  }
};

}  // namespace

const ProcessorModel& cpu_cluster_model() {
  static const CpuClusterModel model;
  return model;
}

}  // namespace augur
