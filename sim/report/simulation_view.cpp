// Table, JSON, CSV and trace views of a simulation.
#include "sim/report/simulation_view.h"

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <optional>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/text_escape.h"
#include "sim/core/version.h"
#include "sim/report/memory_view.h"
#include "sim/report/network_view.h"
#include "sim/workload/accounting.h"

namespace augur::report {
namespace {

const std::string& processor_name(const SimulationResult& result, const LayerResult& r) {
  return result.processors[r.processor];
}

nlohmann::json traffic_json(const Traffic& t) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& level : t) out[level.name] = level.bytes;
  return out;
}

// The forward time of the same network all on the processor called `name`, when evaluated.
std::optional<double> all_on(const SimulationResult& result, const std::string& name) {
  for (size_t i = 0; i < result.processors.size() && i < result.all_on_forward_seconds.size(); ++i) {
    if (result.processors[i] == name) return result.all_on_forward_seconds[i];
  }
  return std::nullopt;
}

std::string kernels_text(const LayerResult& r) {
  // A convolution algorithm other than Caffe's own is named first: "winograd: ...".
  const std::optional<ConvolutionLowering> algorithm = layer_algorithm(r);
  std::string s = algorithm && *algorithm != ConvolutionLowering::Im2colGemm
                      ? std::string(convolution_lowering_name(*algorithm)) + ": "
                      : std::string();
  const size_t prefix = s.size();
  for (size_t i = 0; i < r.kernels.size(); ++i) {
    const Kernel& k = r.kernels[i];
    std::string item;
    if (k.kind == KernelKind::Gemm) {
      item = fmt::format("{} {}x{}x{}", k.label, k.m, k.n, k.k);
      if (!r.cost.kernels[i].detail.empty()) item += " [" + r.cost.kernels[i].detail + "]";
    } else if (k.kind == KernelKind::Gemv) {
      item = fmt::format("gemv {}x{}", k.m, k.k);
    } else {
      item = k.label;
    }
    if (k.launches > 1) item += fmt::format(" ×{}", k.launches);
    s += (s.size() == prefix ? "" : ", ") + item;
  }
  return s.empty() ? "-" : s;
}

double layerwise_ms(const LayerResult& r) { return 1e3 * (r.cost.layerwise_seconds + r.handoff_seconds); }
double forward_ms(const LayerResult& r) { return 1e3 * (r.end_seconds - r.start_seconds + r.handoff_seconds); }
// The layer time of the chosen timing mode.
double layer_ms(const LayerResult& r, const std::string& mode) {
  return mode == "forward" ? forward_ms(r) : layerwise_ms(r);
}

std::int64_t layer_macs(const Network& net, const LayerResult& r) {
  std::int64_t macs = 0;
  for (const auto& [layer, share] : covered_layers(r)) macs += count_layer(net.graph.layers()[layer]).macs;
  return macs;
}

}  // namespace

std::vector<std::pair<std::string, double>> milliseconds_by_type(const Network& net,
                                                                 const SimulationResult& result,
                                                                 const std::string& mode) {
  std::vector<std::pair<std::string, double>> out;
  for (const auto& r : result.layers) {
    for (const auto& [layer, share] : covered_layers(r)) {  // a fused result splits by its shares
      const std::string type = caffe_type_name(net.graph.layers()[layer].kind);
      auto it = std::find_if(out.begin(), out.end(), [&](const auto& e) { return e.first == type; });
      if (it == out.end()) {
        out.emplace_back(type, 0.0);
        it = out.end() - 1;
      }
      it->second += share * layer_ms(r, mode);
    }
  }
  return out;
}

SimulationContext simulation_context(const Scenario& scenario, const SimulationResult& result, const Footprint& footprint,
                                     const std::string& processor, const std::string& mode,
                                     const std::string& cache_model) {
  const auto* holder = scenario.runtime_of(scenario.memory_holder(processor));
  SimulationContext context{&scenario.board(), {}, &scenario.network(), processor, mode, cache_model, &footprint,
                            holder != nullptr ? holder->loaded.runtime.name : ""};
  for (const auto& r : scenario.runtimes()) {
    const bool used = std::any_of(result.layers.begin(), result.layers.end(), [&](const LayerResult& l) {
      return result.processors[l.processor] == r.processor;
    });
    if (used || r.processor == processor) context.runtimes.push_back(&r);
  }
  return context;
}

std::string simulation_table(const SimulationContext& c, const SimulationResult& result) {
  const Network& net = *c.network;
  std::string out = fmt::format("# Augur {}: {} on {} ({}), batch {}, processor {}\n", kVersion,
                                terminal_text(net.name), c.board->platform.name, c.board->board_file, net.batch,
                                c.placement);
  for (const auto* rt : c.runtimes) {
    out += fmt::format("# runtime of {}: {} ({})\n", rt->processor, rt->loaded.runtime.name, rt->loaded.file);
  }
  out += c.mode == "forward"
             ? "# time = the layer's span in the forward pass timed once, ms; MACs in millions; DRAM in MB (1e6 B)\n"
             : "# time = each layer timed alone (layerwise), ms; MACs in millions; DRAM in MB (1e6 B)\n";
  out += fmt::format("{:<26} {:<12} {:<4} {:<44} {:>9} {:>9} {:<8} {:>9}\n", "layer", "type", "proc",
                     "kernels", "MACs(M)", "DRAM(MB)", "bound", "time(ms)");
  for (const auto& r : result.layers) {
    const Layer& layer = net.graph.layers()[r.layer];
    const std::string name = covered_name(net, r);
    std::string kernels = kernels_text(r);
    if (kernels.size() > 44) kernels = kernels.substr(0, 41) + "...";
    out += fmt::format("{:<26} {:<12} {:<4} {:<44} {:>9.1f} {:>9.2f} {:<8} {:>9.3f}\n",
                       terminal_text(name.size() > 26 ? name.substr(0, 26) : name),
                       caffe_type_name(layer.kind), processor_name(result, r), kernels,
                       layer_macs(net, r) / 1e6, r.cost.dram_bytes / 1e6, bound_name(r.cost.bound),
                       layer_ms(r, c.mode));
  }
  out += fmt::format("\n{:<14} {:>10} {:>7}\n", "by type", "time(ms)", "share");
  const double total_ms =
      1e3 * (c.mode == "forward" ? result.forward_seconds : result.layerwise_seconds);
  for (const auto& [type, ms] : milliseconds_by_type(net, result, c.mode)) {
    LayerKind kind = LayerKind::Input;
    for (const auto& l : net.graph.layers()) {
      if (type == caffe_type_name(l.kind)) kind = l.kind;
    }
    out += fmt::format("{:<14} {:>10.3f} {:>6.1f}%\n", paper_group(kind), ms,
                       100.0 * ms / total_ms);
  }
  out += fmt::format("\nforward pass (timed once): {:.3f} ms\nsum of layerwise times:    {:.3f} ms\n",
                     1e3 * result.forward_seconds, 1e3 * result.layerwise_seconds);
  out += unmodelled_line(net);
  if (c.memory != nullptr) {
    const Footprint& f = *c.memory;
    const auto mib = [](std::int64_t b) { return b / 1048576.0; };
    out += fmt::format("memory ({}): {:.1f} MiB = weights {:.1f} + data {:.1f} + internal {:.1f} + "
                       "workspace {:.1f} + runtime {:.1f}; liveness peak {:.1f} MiB; {} of {:.0f} MiB DRAM\n",
                       c.memory_runtime, mib(f.total_bytes), mib(f.weights_bytes),
                       mib(f.data_allocated_bytes), mib(f.internal_bytes), mib(f.workspace_bytes),
                       mib(f.runtime_bytes), mib(f.peak_liveness_bytes), f.fits ? "fits" : "DOES NOT FIT",
                       mib(f.capacity_bytes));
  }
  if (!result.all_on_forward_seconds.empty()) {
    std::string vs;
    for (size_t i = 0; i < result.processors.size(); ++i) {
      const auto& alone = result.all_on_forward_seconds[i];
      if (!alone) continue;
      vs += fmt::format("{}all-{} {:.3f} ms ({:.1f}% saved)", vs.empty() ? "" : ", ", result.processors[i],
                        1e3 * *alone, 100.0 * (1 - result.forward_seconds / *alone));
    }
    out += fmt::format("auto placement: {:.3f} ms vs {}\n", 1e3 * result.forward_seconds,
                       vs.empty() ? "no processor that runs every layer alone" : vs);
  }
  return out;
}

namespace {

// A kernel of a layer's result: what JSON's layers[].kernels[] and a timeline slice's args show.
nlohmann::json kernel_json(const LayerResult& r, size_t i) {
  const Kernel& k = r.kernels[i];
  const KernelCost& kc = r.cost.kernels[i];
  nlohmann::json kj{{"label", k.label}, {"launches", k.launches}, {"time_ms", 1e3 * kc.seconds},
                    {"dram_bytes", kc.dram_bytes}, {"bound", bound_name(kc.bound)}};
  if (k.kind != KernelKind::Stream) {
    kj["m"] = k.m;
    kj["n"] = k.n;
    kj["k"] = k.k;
  } else {
    kj["elements"] = k.elements;
  }
  if (!kc.detail.empty()) kj["tile"] = kc.detail;
  kj["data_type"] = data_type_name(k.data_type);
  kj["cycles"] = kc.cycles;
  kj["stall_cycles"] = kc.stall_cycles;
  kj["traffic_bytes"] = traffic_json(kc.traffic);
  return kj;
}

// What a click on a timeline slice shows (Perfetto's "Arguments"): the layer's counts, and the
// kernel's shape, tile, bound and traffic per memory level.
nlohmann::json slice_args(const Network& net, const SimulationResult& result, const TimelineSlice& s) {
  nlohmann::json args = nlohmann::json::object();
  if (s.layer_result >= result.layers.size()) return args;
  const LayerResult& r = result.layers[s.layer_result];
  args["layer"] = covered_name(net, r);
  args["type"] = caffe_type_name(net.graph.layers()[r.layer].kind);
  args["processor"] = processor_name(result, r);
  switch (s.kind) {
    case TimelineSlice::Kind::Layer:
      args["macs"] = layer_macs(net, r);
      args["bound"] = bound_name(r.cost.bound);
      args["dram_bytes"] = r.cost.dram_bytes;
      args["traffic_bytes"] = traffic_json(r.cost.traffic);
      args["cycles"] = r.cost.cycles;
      args["stall_cycles"] = r.cost.stall_cycles;
      if (!r.kernels.empty()) {
        std::string labels;
        for (size_t i = 0; i < r.kernels.size(); ++i) {
          labels += (i ? ", " : "") + r.kernels[i].label + (r.cost.kernels[i].detail.empty() ? "" : " [" + r.cost.kernels[i].detail + "]");
        }
        args["kernels"] = labels;
      }
      break;
    case TimelineSlice::Kind::Kernel:
      if (s.kernel < r.kernels.size()) args["kernel"] = kernel_json(r, s.kernel);
      args["layer_macs"] = layer_macs(net, r);
      break;
    case TimelineSlice::Kind::Host:
      args["work"] = s.kernel < r.kernels.size() ? "launching the kernel's calls" : "the framework's per-layer overhead";
      if (s.kernel < r.kernels.size()) args["launches"] = r.kernels[s.kernel].launches;
      break;
    case TimelineSlice::Kind::Handoff:
      args["handoff_ms"] = 1e3 * r.handoff_seconds;
      break;
  }
  return args;
}

const char* slice_category(TimelineSlice::Kind kind) {
  switch (kind) {
    case TimelineSlice::Kind::Layer: return "layer";
    case TimelineSlice::Kind::Kernel: return "kernel";
    case TimelineSlice::Kind::Host: return "host";
    case TimelineSlice::Kind::Handoff: return "hand-off";
  }
  return "";
}

}  // namespace

nlohmann::json simulation_json(const SimulationContext& c, const SimulationResult& result) {
  const Network& net = *c.network;
  nlohmann::json out;
  out["augur_version"] = kVersion;
  out["platform"] = {{"name", c.board->platform.name},
                     {"file", c.board->board_file},
                     {"overrides", c.board->overrides}};
  nlohmann::json runtimes = nlohmann::json::array();
  for (const auto* rt : c.runtimes) {
    runtimes.push_back({{"name", rt->loaded.runtime.name}, {"file", rt->loaded.file},
                        {"overrides", rt->loaded.overrides}, {"processor", rt->processor},
                        {"model", rt->loaded.runtime.model}});
  }
  out["runtimes"] = runtimes;
  out["network"] = network_identity_json(net);
  out["batch"] = net.batch;
  out["processor"] = c.placement;
  out["forward_ms"] = 1e3 * result.forward_seconds;
  out["layerwise_ms"] = 1e3 * result.layerwise_seconds;
  nlohmann::json by_type = nlohmann::json::object();
  for (const auto& [type, ms] : milliseconds_by_type(net, result, c.mode)) by_type[type] = ms;
  out["mode"] = c.mode;
  out["cache_model"] = c.cache_model;
  out["by_type_ms"] = by_type;
  if (const auto cpu = all_on(result, "cpu")) out["all_cpu_forward_ms"] = 1e3 * *cpu;
  if (const auto gpu = all_on(result, "gpu")) out["all_gpu_forward_ms"] = 1e3 * *gpu;
  if (!result.all_on_forward_seconds.empty()) {
    nlohmann::json alone = nlohmann::json::object();
    for (size_t i = 0; i < result.processors.size(); ++i) {
      if (result.all_on_forward_seconds[i]) alone[result.processors[i]] = 1e3 * *result.all_on_forward_seconds[i];
    }
    out["all_on_forward_ms"] = std::move(alone);
  }
  // Per processor: its model, its runtime, the layers it ran and their layerwise time.
  nlohmann::json processors = nlohmann::json::array();
  for (size_t i = 0; i < result.processors.size(); ++i) {
    const Processor* proc = c.board->platform.find(result.processors[i]);
    nlohmann::json pj{{"name", result.processors[i]}, {"model", proc ? proc->model : ""}};
    for (const auto* rt : c.runtimes) {
      if (rt->processor == result.processors[i]) pj["runtime"] = rt->loaded.runtime.name;
    }
    std::int64_t count = 0;
    double ms = 0, cycles = 0, stalls = 0;
    Traffic traffic;
    for (const auto& r : result.layers) {
      if (r.processor != i) continue;
      ++count;
      ms += layerwise_ms(r);
      cycles += r.cost.cycles;
      stalls += r.cost.stall_cycles;
      traffic.add(r.cost.traffic);
    }
    pj["layers"] = count;
    pj["layerwise_ms"] = ms;
    pj["cycles"] = cycles;
    pj["stall_cycles"] = stalls;
    pj["traffic_bytes"] = traffic_json(traffic);
    processors.push_back(std::move(pj));
  }
  out["processors"] = std::move(processors);
  nlohmann::json layers = nlohmann::json::array();
  double dram = 0;
  for (const auto& r : result.layers) {
    const Layer& layer = net.graph.layers()[r.layer];
    nlohmann::json row;
    row["name"] = covered_name(net, r);
    if (!r.fused.empty()) {
      nlohmann::json covered = nlohmann::json::array();
      for (const auto& [index, share] : covered_layers(r)) {
        covered.push_back({{"name", net.graph.layers()[index].name},
                           {"type", caffe_type_name(net.graph.layers()[index].kind)}, {"share", share}});
      }
      row["fused_layers"] = std::move(covered);
    }
    row["type"] = caffe_type_name(layer.kind);
    row["processor"] = processor_name(result, r);
    row["time_ms"] = layer_ms(r, c.mode);
    row["layerwise_ms"] = layerwise_ms(r);
    row["forward_ms"] = forward_ms(r);
    row["forward_start_ms"] = 1e3 * r.start_seconds;
    row["forward_end_ms"] = 1e3 * r.end_seconds;
    row["handoff_ms"] = 1e3 * r.handoff_seconds;
    row["macs"] = layer_macs(net, r);
    row["dram_bytes"] = r.cost.dram_bytes;
    row["bound"] = bound_name(r.cost.bound);
    row["cycles"] = r.cost.cycles;
    row["stall_cycles"] = r.cost.stall_cycles;
    row["traffic_bytes"] = traffic_json(r.cost.traffic);
    if (const auto algorithm = layer_algorithm(r)) {
      row["algorithm"] = convolution_lowering_name(*algorithm);
      row["workspace_bytes"] = r.workspace_bytes;
    }
    nlohmann::json candidates = nlohmann::json::object();
    for (size_t i = 0; i < r.layerwise_by_processor.size(); ++i) {
      if (!r.layerwise_by_processor[i]) continue;
      const std::string& name = result.processors[i];
      candidates[name] = 1e3 * *r.layerwise_by_processor[i];
      if (name == "cpu" || name == "gpu") row[name + "_time_ms"] = 1e3 * *r.layerwise_by_processor[i];
    }
    row["candidates_ms"] = std::move(candidates);
    nlohmann::json kernels = nlohmann::json::array();
    for (size_t i = 0; i < r.kernels.size(); ++i) kernels.push_back(kernel_json(r, i));
    row["kernels"] = std::move(kernels);
    dram += r.cost.dram_bytes;
    layers.push_back(std::move(row));
  }
  out["layers"] = std::move(layers);
  out["dram_bytes"] = dram;
  if (c.memory != nullptr) {
    out["memory"] = footprint_json(*c.memory);
    out["memory"]["runtime"] = c.memory_runtime;
  }
  return out;
}

std::string simulation_csv(const SimulationContext& c, const SimulationResult& result) {
  std::string out = "name,type,processor,time_ms,macs,dram_bytes,bound,cycles,stall_cycles\n";
  std::int64_t macs = 0;
  double dram = 0, cycles = 0, stalls = 0;
  for (const auto& r : result.layers) {
    const Layer& layer = c.network->graph.layers()[r.layer];
    out += fmt::format("{},{},{},{:.6f},{},{:.0f},{},{:.0f},{:.0f}\n", csv_field(covered_name(*c.network, r)),
                       caffe_type_name(layer.kind), processor_name(result, r), layer_ms(r, c.mode),
                       layer_macs(*c.network, r), r.cost.dram_bytes, bound_name(r.cost.bound), r.cost.cycles,
                       r.cost.stall_cycles);
    macs += layer_macs(*c.network, r);
    dram += r.cost.dram_bytes;
    cycles += r.cost.cycles;
    stalls += r.cost.stall_cycles;
  }
  // The totals row: the whole pass in `mode` (forward: the pass timed once, so overlap and gaps
  // count as JSON's forward_ms does; layerwise: the sum), the sums of the other columns.
  const double total_ms = 1e3 * (c.mode == "forward" ? result.forward_seconds : result.layerwise_seconds);
  out += fmt::format("(total),,{},{:.6f},{},{:.0f},,{:.0f},{:.0f}\n", csv_field(c.placement), total_ms, macs, dram, cycles,
                     stalls);
  return out;
}

nlohmann::json timeline_trace(const SimulationContext& c, const SimulationResult& result) {
  nlohmann::json events = nlohmann::json::array();
  events.push_back({{"name", "process_name"}, {"ph", "M"}, {"pid", 1},
                    {"args", {{"name", c.board->platform.name + " — " + c.network->name}}}});
  for (size_t i = 0; i < result.processors.size(); ++i) {  // one track per processor
    std::string upper = result.processors[i];
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (i == result.host_track) upper += " (host)";
    events.push_back({{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", i + 1}, {"args", {{"name", upper}}}});
  }
  if (result.host_track >= result.processors.size()) {  // no synchronous processor: a host track of its own
    events.push_back({{"name", "thread_name"}, {"ph", "M"}, {"pid", 1}, {"tid", result.host_track + 1},
                      {"args", {{"name", "HOST"}}}});
  }
  for (const auto& s : result.timeline) {
    events.push_back({{"name", s.name}, {"cat", slice_category(s.kind)}, {"ph", "X"}, {"pid", 1},
                      {"tid", s.track + 1}, {"ts", 1e6 * s.start_seconds}, {"dur", 1e6 * s.duration_seconds},
                      {"args", slice_args(*c.network, result, s)}});
  }
  return {{"traceEvents", events}, {"displayTimeUnit", "ms"}};
}

}  // namespace augur::report
