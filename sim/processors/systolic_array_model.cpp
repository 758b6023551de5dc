// Processor model `systolic_array`: convolutions and fully connected layers as GEMMs folded onto
// a systolic array (SCALE-Sim's analytical model), driven asynchronously by the host. Layers it
// cannot run fall back to another processor under auto placement.
#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/model/systolic/systolic_array.h"
#include "sim/model/host_time.h"
#include "sim/processors/processor_model.h"

namespace augur {
namespace {

class SystolicArrayModel final : public ProcessorModel {
 public:
  std::string_view id() const override { return "systolic_array"; }
  std::string_view summary() const override {
    return "Systolic array (SCALE-Sim): convolutions and fully connected layers as folded GEMMs; asynchronous";
  }
  Issue issue() const override { return Issue::Asynchronous; }

  void check_runtime(const Runtime& runtime, const std::string& file) const override {
    if (runtime.lowering.convolution != ConvolutionLowering::ImplicitGemm ||
        !runtime.lowering.convolution_candidates.empty()) {
      throw UserError(fmt::format("{}: lowering.convolution: a systolic array runs convolutions as one GEMM "
                                  "per group over the batch: implicit_gemm", file));
    }
    if (runtime.lowering.inner_product != InnerProductLowering::Gemm) {
      throw UserError(fmt::format("{}: lowering.inner_product: a systolic array runs fully connected layers "
                                  "as GEMMs: gemm", file));
    }
  }

  std::string cannot_run(const Layer& layer) const override {
    switch (layer.kind) {
      case LayerKind::Convolution:
      case LayerKind::InnerProduct:
      case LayerKind::Input:
      case LayerKind::Split:
      case LayerKind::Flatten:
      case LayerKind::Reshape: return "";
      default:
        return fmt::format("a systolic array runs convolutions and fully connected layers, not {}",
                           caffe_type_name(layer.kind));
    }
  }

  LayerCost cost(const std::vector<Kernel>& kernels, const Processor& processor, const Runtime& runtime,
                 const Memory& memory, CacheModel) const override {
    const SystolicArray& array = *processor.as<SystolicArray>();
    LayerCost c;
    for (const auto& k : kernels) {
      if (k.kind != KernelKind::Gemm) {
        throw InternalError(fmt::format("systolic_array: kernel '{}' is not a GEMM (cannot_run should have "
                                        "refused its layer)", k.label));
      }
      const SystolicGemm g{k.m, k.n, k.k, k.input_bytes, k.weight_bytes, k.output_bytes,
                           element_bytes(k.data_type)};
      c.kernels.push_back(systolic_gemm_cost(g, k.launches, array, memory));
    }
    finish_async_layer_cost(c, host_costs(runtime, processor), kernels);
    return c;
  }

  std::vector<std::string> memory_levels() const override { return {"ifmap_sram", "filter_sram", "ofmap_sram", "dram"}; }

  HostCosts host_costs(const Runtime& runtime, const Processor& processor) const override {
    const AcceleratorRuntime& a = runtime.as<AcceleratorRuntime>();
    const double s = host_time_scale(runtime.host_clock_hz, processor.host_clock_hz);
    return HostCosts{s * a.layer_overhead_s, s * a.launch_issue_s, s * a.layer_sync_s};
  }
};

}  // namespace

const ProcessorModel& systolic_array_model() {
  static const SystolicArrayModel model;
  return model;
}

}  // namespace augur
