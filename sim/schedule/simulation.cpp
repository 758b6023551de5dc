// Placement and timelines.
#include "sim/schedule/simulation.h"

#include <algorithm>
#include <array>
#include <limits>

#include "sim/core/error.h"
#include "sim/lower/lowering.h"

namespace augur {
namespace {

struct Evaluated {
  std::vector<Kernel> kernels;
  std::optional<LayerCost> cpu, gpu;
  std::int64_t input_bytes = 0;  // bottoms, for hand-offs
};

std::vector<Evaluated> evaluate(const Network& net, const Platform& p, const Runtimes& rt,
                                bool need_cpu, bool need_gpu, CacheModel cache_model) {
  std::vector<Evaluated> out;
  for (size_t index : net.graph.topological_order()) {
    const Layer& layer = net.graph.layers()[index];
    Evaluated e;
    e.kernels = lower_layer(layer);
    for (const auto& s : layer.bottom_shapes) e.input_bytes += s.count() * 4;
    if (need_cpu) e.cpu = cost_on_cpu(e.kernels, p, rt.cpu->cpu, cache_model);
    if (need_gpu) e.gpu = cost_on_gpu(e.kernels, p, rt.gpu->gpu, cache_model);
    out.push_back(std::move(e));
  }
  return out;
}

// Hand-off of `bytes` of inputs between processors: Caffe's SyncedMemory copies host <-> device
// buffers (read + write through DRAM) after a synchronisation.
double handoff_seconds(std::int64_t bytes, const Platform& p, const Runtimes& rt) {
  const double sync = rt.gpu ? rt.gpu->gpu.layer_sync_s : 0.0;
  return sync + 2.0 * bytes / p.memory.bandwidth_bytes_per_s;
}

// Chooses a processor per layer minimising the sum of layerwise costs plus hand-offs (exact for
// chains: the state is the processor of the previous layer).
std::vector<ProcessorKind> place_auto(const std::vector<Evaluated>& layers, const Platform& p,
                                      const Runtimes& rt) {
  const size_t n = layers.size();
  std::vector<std::array<double, 2>> best(n);
  std::vector<std::array<int, 2>> from(n);
  for (size_t i = 0; i < n; ++i) {
    const double cost[2] = {layers[i].cpu->layerwise_seconds, layers[i].gpu->layerwise_seconds};
    for (int here = 0; here < 2; ++here) {
      if (i == 0) {
        best[i][here] = cost[here];
        from[i][here] = here;
        continue;
      }
      best[i][here] = std::numeric_limits<double>::infinity();
      for (int before = 0; before < 2; ++before) {
        const double move = before == here ? 0.0 : handoff_seconds(layers[i].input_bytes, p, rt);
        const double total = best[i - 1][before] + move + cost[here];
        if (total < best[i][here]) {
          best[i][here] = total;
          from[i][here] = before;
        }
      }
    }
  }
  std::vector<ProcessorKind> placement(n);
  int state = n == 0 ? 0 : (best[n - 1][0] <= best[n - 1][1] ? 0 : 1);
  for (size_t i = n; i-- > 0;) {
    placement[i] = state == 0 ? ProcessorKind::Cpu : ProcessorKind::Gpu;
    state = from[i][state];
  }
  return placement;
}

// Walks the layers in order. CPU work is synchronous; GPU kernels are issued by the CPU
// (launch_issue each, after the layer's framework overhead) and run when the GPU is free.
SimulationResult timeline(const Network& net, std::vector<Evaluated>& layers,
                          const std::vector<ProcessorKind>& placement, const Platform& p,
                          const Runtimes& rt) {
  SimulationResult result;
  double host = 0, device = 0;  // when the CPU thread / the GPU is next free
  for (size_t i = 0; i < layers.size(); ++i) {
    Evaluated& e = layers[i];
    LayerResult r;
    r.layer = net.graph.topological_order()[i];
    r.processor = placement[i];
    if (e.cpu) r.cpu_layerwise_seconds = e.cpu->layerwise_seconds;
    if (e.gpu) r.gpu_layerwise_seconds = e.gpu->layerwise_seconds;
    if (i > 0 && placement[i] != placement[i - 1]) {
      r.handoff_seconds = handoff_seconds(e.input_bytes, p, rt);
      host = std::max(host, device) + r.handoff_seconds;
      device = host;
    }
    const std::string& name = net.graph.layers()[r.layer].name;
    if (r.processor == ProcessorKind::Cpu) {
      r.cost = *e.cpu;
      r.start_seconds = std::max(host, device);  // CPU layers wait for GPU results
      host = r.start_seconds + r.cost.layerwise_seconds;
      r.end_seconds = host;
      result.timeline.push_back({ProcessorKind::Cpu, name, r.start_seconds, r.cost.layerwise_seconds});
    } else {
      const GpuRuntime& g = rt.gpu->gpu;
      r.cost = *e.gpu;
      host += g.layer_overhead_s;
      r.start_seconds = std::max(device, host + g.launch_issue_s);
      for (size_t k = 0; k < e.kernels.size(); ++k) {
        const double launches = static_cast<double>(e.kernels[k].launches);
        const double per_launch = r.cost.kernels[k].seconds / launches;
        const double first = std::max(device, host + g.launch_issue_s);
        const double issue_all = launches * e.kernels[k].gpu_kernels_per_call * g.launch_issue_s;
        const double end = per_launch >= g.launch_issue_s
                               ? first + launches * per_launch
                               : std::max(first + launches * per_launch, host + issue_all + per_launch);
        result.timeline.push_back({ProcessorKind::Gpu, name + ":" + e.kernels[k].label, first, end - first});
        device = end;
        host += issue_all;
      }
      r.end_seconds = std::max(device, r.start_seconds);
    }
    result.layerwise_seconds += r.cost.layerwise_seconds + r.handoff_seconds;
    r.kernels = std::move(e.kernels);
    result.layers.push_back(std::move(r));
  }
  result.forward_seconds = std::max(host, device);
  return result;
}

}  // namespace

SimulationResult simulate(const Network& net, const Platform& p, const Runtimes& rt,
                          const SimulationOptions& options) {
  const bool need_cpu = options.placement != Placement::Gpu;
  const bool need_gpu = options.placement != Placement::Cpu;
  if (need_cpu && rt.cpu == nullptr) {
    throw UserError("no CPU runtime: the board names none (runtimes.cpu); pass --cpu-runtime FILE");
  }
  if (need_gpu && rt.gpu == nullptr) {
    throw UserError("no GPU runtime: the board names none (runtimes.gpu); pass --gpu-runtime FILE");
  }
  std::vector<Evaluated> layers = evaluate(net, p, rt, need_cpu, need_gpu, options.cache_model);
  std::vector<ProcessorKind> placement(layers.size(), need_gpu ? ProcessorKind::Gpu : ProcessorKind::Cpu);
  if (options.placement == Placement::Auto) {
    auto all_cpu = layers, all_gpu = layers;
    const double cpu_s = timeline(net, all_cpu, std::vector(layers.size(), ProcessorKind::Cpu), p, rt).forward_seconds;
    const double gpu_s = timeline(net, all_gpu, std::vector(layers.size(), ProcessorKind::Gpu), p, rt).forward_seconds;
    placement = place_auto(layers, p, rt);
    SimulationResult r = timeline(net, layers, placement, p, rt);
    r.all_cpu_forward_seconds = cpu_s;
    r.all_gpu_forward_seconds = gpu_s;
    return r;
  }
  return timeline(net, layers, placement, p, rt);
}

}  // namespace augur
