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
#include "sim/report/json_writer.h"
#include "sim/report/memory_view.h"
#include "sim/report/network_view.h"
#include "sim/workload/accounting.h"

namespace augur::report {
namespace {

const std::string& processor_name(const SimulationResult& result, const LayerResult& r) {
  return result.processors[r.processor];
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
  for (size_t i = 0; i < r.kernels().size(); ++i) {
    const Kernel& k = r.kernels()[i];
    std::string item;
    if (k.kind == KernelKind::Gemm) {
      item = fmt::format("{} {}x{}x{}", k.label, k.m, k.n, k.k);
      if (!r.cost().kernels[i].detail.empty()) item += " [" + r.cost().kernels[i].detail + "]";
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

double layerwise_ms(const LayerResult& r) { return 1e3 * (r.cost().layerwise_seconds + r.handoff_seconds); }
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
                       layer_macs(net, r) / 1e6, r.cost().dram_bytes / 1e6, bound_name(r.cost().bound),
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

void write_traffic(JsonWriter& w, const Traffic& t) {
  w.begin_object();
  for (const auto& level : t) w.field(level.name, level.bytes);
  w.end_object();
}

// A kernel of a layer's result: what JSON's layers[].kernels[] and a timeline slice's args show.
void write_kernel(JsonWriter& w, const LayerResult& r, size_t i) {
  const Kernel& k = r.kernels()[i];
  const KernelCost& kc = r.cost().kernels[i];
  w.begin_object();
  w.field("label", k.label).field("launches", k.launches).field("time_ms", 1e3 * kc.seconds);
  w.field("dram_bytes", kc.dram_bytes).field("bound", bound_name(kc.bound));
  if (k.kind != KernelKind::Stream) {
    w.field("m", k.m).field("n", k.n).field("k", k.k);
  } else {
    w.field("elements", k.elements);
  }
  if (!kc.detail.empty()) w.field("tile", kc.detail);
  w.field("data_type", data_type_name(k.data_type));
  w.field("cycles", kc.cycles).field("stall_cycles", kc.stall_cycles);
  w.key("traffic_bytes");
  write_traffic(w, kc.traffic);
  w.end_object();
}

// What a click on a timeline slice shows (Perfetto's "Arguments"): the layer's counts, and the
// kernel's shape, tile, bound and traffic per memory level.
void write_slice_args(JsonWriter& w, const Network& net, const SimulationResult& result, const TimelineSlice& s) {
  w.begin_object();
  if (s.layer_result >= result.layers.size()) {
    w.end_object();
    return;
  }
  const LayerResult& r = result.layers[s.layer_result];
  w.field("layer", covered_name(net, r));
  w.field("type", caffe_type_name(net.graph.layers()[r.layer].kind));
  w.field("processor", processor_name(result, r));
  switch (s.kind) {
    case TimelineSlice::Kind::Layer:
      w.field("macs", layer_macs(net, r)).field("bound", bound_name(r.cost().bound));
      w.field("dram_bytes", r.cost().dram_bytes);
      w.key("traffic_bytes");
      write_traffic(w, r.cost().traffic);
      w.field("cycles", r.cost().cycles).field("stall_cycles", r.cost().stall_cycles);
      if (!r.kernels().empty()) {
        std::string labels;
        for (size_t i = 0; i < r.kernels().size(); ++i) {
          labels += (i ? ", " : "") + r.kernels()[i].label + (r.cost().kernels[i].detail.empty() ? "" : " [" + r.cost().kernels[i].detail + "]");
        }
        w.field("kernels", labels);
      }
      break;
    case TimelineSlice::Kind::Kernel:
      if (s.kernel < r.kernels().size()) {
        w.key("kernel");
        write_kernel(w, r, s.kernel);
      }
      w.field("layer_macs", layer_macs(net, r));
      break;
    case TimelineSlice::Kind::Host:
      w.field("work", s.kernel < r.kernels().size() ? "launching the kernel's calls" : "the framework's per-layer overhead");
      if (s.kernel < r.kernels().size()) w.field("launches", r.kernels()[s.kernel].launches);
      break;
    case TimelineSlice::Kind::Handoff:
      w.field("handoff_ms", 1e3 * r.handoff_seconds);
      break;
  }
  w.end_object();
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

void write_processors(JsonWriter& w, const SimulationContext& c, const SimulationResult& result) {
  // Per processor: its model, its runtime, the layers it ran and their layerwise time.
  w.begin_array();
  for (size_t i = 0; i < result.processors.size(); ++i) {
    const Processor* proc = c.board->platform.find(result.processors[i]);
    w.begin_object();
    w.field("name", result.processors[i]).field("model", proc ? proc->model : std::string());
    for (const auto* rt : c.runtimes) {
      if (rt->processor == result.processors[i]) w.field("runtime", rt->loaded.runtime.name);
    }
    std::int64_t count = 0;
    double ms = 0, cycles = 0, stalls = 0;
    Traffic traffic;
    for (const auto& r : result.layers) {
      if (r.processor != i) continue;
      ++count;
      ms += layerwise_ms(r);
      cycles += r.cost().cycles;
      stalls += r.cost().stall_cycles;
      traffic.add(r.cost().traffic);
    }
    w.field("layers", count).field("layerwise_ms", ms).field("cycles", cycles).field("stall_cycles", stalls);
    w.key("traffic_bytes");
    write_traffic(w, traffic);
    w.end_object();
  }
  w.end_array();
}

void write_layer(JsonWriter& w, const SimulationContext& c, const SimulationResult& result, const LayerResult& r) {
  const Network& net = *c.network;
  const Layer& layer = net.graph.layers()[r.layer];
  w.begin_object();
  if (r.fused.empty()) {
    w.field("name", layer.name);  // covered_name without a copy
  } else {
    w.field("name", covered_name(net, r));
  }
  if (!r.fused.empty()) {
    w.key("fused_layers").begin_array();
    for (const auto& [index, share] : covered_layers(r)) {
      w.begin_object();
      w.field("name", net.graph.layers()[index].name);
      w.field("type", caffe_type_name(net.graph.layers()[index].kind));
      w.field("share", share);
      w.end_object();
    }
    w.end_array();
  }
  w.field("type", caffe_type_name(layer.kind)).field("processor", processor_name(result, r));
  w.field("time_ms", layer_ms(r, c.mode)).field("layerwise_ms", layerwise_ms(r)).field("forward_ms", forward_ms(r));
  w.field("forward_start_ms", 1e3 * r.start_seconds).field("forward_end_ms", 1e3 * r.end_seconds);
  w.field("handoff_ms", 1e3 * r.handoff_seconds);
  w.field("macs", layer_macs(net, r)).field("dram_bytes", r.cost().dram_bytes).field("bound", bound_name(r.cost().bound));
  w.field("cycles", r.cost().cycles).field("stall_cycles", r.cost().stall_cycles);
  w.key("traffic_bytes");
  write_traffic(w, r.cost().traffic);
  if (const auto algorithm = layer_algorithm(r)) {
    w.field("algorithm", convolution_lowering_name(*algorithm)).field("workspace_bytes", r.workspace_bytes);
  }
  for (size_t i = 0; i < r.layerwise_by_processor.size(); ++i) {
    const std::string& name = result.processors[i];
    if (r.layerwise_by_processor[i] && (name == "cpu" || name == "gpu")) {
      w.field(name + "_time_ms", 1e3 * *r.layerwise_by_processor[i]);
    }
  }
  w.key("candidates_ms").begin_object();
  for (size_t i = 0; i < r.layerwise_by_processor.size(); ++i) {
    if (r.layerwise_by_processor[i]) w.field(result.processors[i], 1e3 * *r.layerwise_by_processor[i]);
  }
  w.end_object();
  w.key("kernels").begin_array();
  for (size_t i = 0; i < r.kernels().size(); ++i) write_kernel(w, r, i);
  w.end_array();
  w.end_object();
}

}  // namespace

std::string simulation_json(const SimulationContext& c, const SimulationResult& result) {
  std::string text;
  write_simulation_json(c, result, [&text](std::string_view piece) { text += piece; });
  return text;
}

void write_simulation_json(const SimulationContext& c, const SimulationResult& result,
                           const std::function<void(std::string_view)>& sink) {
  const Network& net = *c.network;
  JsonWriter w(2, sink);
  w.begin_object();
  w.field("augur_version", kVersion);
  w.key("platform").begin_object();
  w.field("name", c.board->platform.name).field("file", c.board->board_file);
  w.key("overrides").value(nlohmann::json(c.board->overrides));
  w.end_object();
  w.key("runtimes").begin_array();
  for (const auto* rt : c.runtimes) {
    w.begin_object();
    w.field("name", rt->loaded.runtime.name).field("file", rt->loaded.file);
    w.key("overrides").value(nlohmann::json(rt->loaded.overrides));
    w.field("processor", rt->processor).field("model", rt->loaded.runtime.model);
    w.end_object();
  }
  w.end_array();
  w.key("network").value(network_identity_json(net));
  w.field("batch", net.batch).field("processor", c.placement).field("mode", c.mode).field("cache_model", c.cache_model);
  w.field("forward_ms", 1e3 * result.forward_seconds).field("layerwise_ms", 1e3 * result.layerwise_seconds);
  w.field("timed_pass_ms", 1e3 * result.timed_pass_seconds);
  if (const auto cpu = all_on(result, "cpu")) w.field("all_cpu_forward_ms", 1e3 * *cpu);
  if (const auto gpu = all_on(result, "gpu")) w.field("all_gpu_forward_ms", 1e3 * *gpu);
  if (!result.all_on_forward_seconds.empty()) {
    w.key("all_on_forward_ms").begin_object();
    for (size_t i = 0; i < result.processors.size(); ++i) {
      if (result.all_on_forward_seconds[i]) w.field(result.processors[i], 1e3 * *result.all_on_forward_seconds[i]);
    }
    w.end_object();
  }
  w.key("by_type_ms").begin_object();
  for (const auto& [type, ms] : milliseconds_by_type(net, result, c.mode)) w.field(type, ms);
  w.end_object();
  w.key("processors");
  write_processors(w, c, result);
  w.key("layers").begin_array();
  double dram = 0;
  for (const auto& r : result.layers) {
    write_layer(w, c, result, r);
    dram += r.cost().dram_bytes;
  }
  w.end_array();
  w.field("dram_bytes", dram);
  if (c.memory != nullptr) {
    nlohmann::json memory = footprint_json(*c.memory);
    memory["runtime"] = c.memory_runtime;
    w.key("memory").value(memory);
  }
  w.end_object();
  w.finish();
}

std::string simulation_csv(const SimulationContext& c, const SimulationResult& result) {
  std::string out = "name,type,processor,time_ms,macs,dram_bytes,bound,cycles,stall_cycles\n";
  std::int64_t macs = 0;
  double dram = 0, cycles = 0, stalls = 0;
  for (const auto& r : result.layers) {
    const Layer& layer = c.network->graph.layers()[r.layer];
    out += fmt::format("{},{},{},{:.6f},{},{:.0f},{},{:.0f},{:.0f}\n", csv_field(covered_name(*c.network, r)),
                       caffe_type_name(layer.kind), processor_name(result, r), layer_ms(r, c.mode),
                       layer_macs(*c.network, r), r.cost().dram_bytes, bound_name(r.cost().bound), r.cost().cycles,
                       r.cost().stall_cycles);
    macs += layer_macs(*c.network, r);
    dram += r.cost().dram_bytes;
    cycles += r.cost().cycles;
    stalls += r.cost().stall_cycles;
  }
  // The totals row: the whole pass in `mode` (forward: the pass timed once, so overlap and gaps
  // count as JSON's forward_ms does; layerwise: the sum), the sums of the other columns.
  const double total_ms = 1e3 * (c.mode == "forward" ? result.forward_seconds : result.layerwise_seconds);
  out += fmt::format("(total),,{},{:.6f},{},{:.0f},,{:.0f},{:.0f}\n", csv_field(c.placement), total_ms, macs, dram, cycles,
                     stalls);
  return out;
}

std::string timeline_trace(const SimulationContext& c, const SimulationResult& result) {
  JsonWriter w(-1);
  w.begin_object();
  w.key("traceEvents").begin_array();
  const auto metadata = [&w](const char* name, std::optional<size_t> tid, const std::string& value) {
    w.begin_object().field("name", name).field("ph", "M").field("pid", 1);
    if (tid) w.field("tid", *tid);
    w.key("args").begin_object().field("name", value).end_object();
    w.end_object();
  };
  metadata("process_name", std::nullopt, c.board->platform.name + " — " + c.network->name);
  for (size_t i = 0; i < result.processors.size(); ++i) {  // one track per processor
    std::string upper = result.processors[i];
    for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    if (i == result.host_track) upper += " (host)";
    metadata("thread_name", i + 1, upper);
  }
  if (result.host_track >= result.processors.size()) {  // no synchronous processor: a host track of its own
    metadata("thread_name", result.host_track + 1, "HOST");
  }
  for (const auto& s : result.timeline) {
    w.begin_object();
    w.field("name", slice_name(*c.network, result, s)).field("cat", slice_category(s.kind)).field("ph", "X").field("pid", 1);
    w.field("tid", s.track + 1).field("ts", 1e6 * s.start_seconds).field("dur", 1e6 * s.duration_seconds);
    w.key("args");
    write_slice_args(w, *c.network, result, s);
    w.end_object();
  }
  w.end_array();
  w.field("displayTimeUnit", "ms");
  w.end_object();
  return w.finish();
}

}  // namespace augur::report
