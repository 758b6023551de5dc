// Runtime loading and building.
#include "sim/hwdesc/runtime_loader.h"


#include <algorithm>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/suggest.h"

#include "sim/hwdesc/compose.h"
#include "sim/hwdesc/overrides.h"
#include "sim/hwdesc/runtime_schema.h"
#include "sim/hwdesc/validate.h"
#include "sim/hwdesc/yaml_reader.h"

namespace augur::hwdesc {
namespace {

// One of `choices` (text, value) for the text at `path`, else a UserError listing them; the
// first choice (the schema's default) when the section is absent.
template <class T>
T choose(const ResolvedValues& values, const std::string& path,
         std::initializer_list<std::pair<const char*, T>> choices) {
  const auto it = values.find(path);
  if (it == values.end()) return choices.begin()->second;
  const auto& v = it->second;
  std::vector<std::string> names;
  for (const auto& [text, value] : choices) {
    if (v.text == text) return value;
    names.emplace_back(text);
  }
  throw UserError(v.origin.kind == Origin::Kind::Default ? SourceLocation{"default"} : v.origin.where,
                  fmt::format("{}: expected {}, got '{}'", path, fmt::join(names, " or "), v.text));
}

CpuRuntime build_cpu(const ValueReader& r) {
  CpuRuntime c;
  c.threads = r.count("blas.threads");
  c.single_thread_max_macs = r.count("blas.single_thread_max_macs");
  c.switch_ratio = r.count("blas.switch_ratio");
  c.mr = r.count("blas.mr");
  c.nr = r.count("blas.nr");
  c.kc = r.count("blas.kc");
  c.mc = r.count("blas.mc");
  c.nc = r.count("blas.nc");
  c.simd_lanes = r.count("blas.simd_lanes");
  c.fma_per_cycle = r.real("blas.fma_per_cycle");
  c.kernel_efficiency = r.real("blas.kernel_efficiency");
  c.pack_bytes_per_cycle = r.real("blas.pack_bytes_per_cycle");
  c.pack_transposed_bytes_per_cycle = r.real("blas.pack_transposed_bytes_per_cycle");
  c.pack_transposed_dram_efficiency = r.real("blas.pack_transposed_dram_efficiency");
  c.gemv_threads = r.count("blas.gemv_threads");
  c.gemv_bytes_per_cycle = r.real("blas.gemv_bytes_per_cycle");
  c.loop_threads = r.count("framework.threads");
  c.layer_overhead_s = r.real("framework.layer_overhead");
  c.timer_gap_s = r.real("framework.timer_gap");
  const std::string p = "framework.cycles_per_element.";
  c.cycles = CpuLoopCosts{r.real(p + "relu"),    r.real(p + "pool"),    r.real(p + "pool_output"),
                          r.real(p + "lrn"),
                          r.real(p + "batchnorm"), r.real(p + "scale"), r.real(p + "bias"), r.real(p + "eltwise"),
                          r.real(p + "softmax"), r.real(p + "transcendental"),
                          r.real(p + "copy"),    r.real(p + "dropout"), r.real(p + "im2col")};
  return c;
}

GpuRuntime build_gpu(const ValueReader& r, const ResolvedValues& values) {
  GpuRuntime g;
  const auto& selection = value_at(values, "gemm.tile_selection");
  if (selection.text == "fastest") {
    g.selection = GpuRuntime::TileSelection::Fastest;
  } else if (selection.text == "largest_filling") {
    g.selection = GpuRuntime::TileSelection::LargestFilling;
  } else {
    throw UserError(selection.origin.where,
                    fmt::format("gemm.tile_selection: expected fastest or largest_filling, got '{}'",
                                selection.text));
  }
  g.half2 = choose<bool>(values, "gemm.half2", {{"false", false}, {"true", true}});
  g.ffma_fraction = r.real("gemm.ffma_fraction");
  g.dual_issue_fraction = r.real("gemm.dual_issue_fraction");
  g.loop_instructions = r.real("gemm.loop_instructions");
  g.gemv_bandwidth_efficiency = r.real("gemm.gemv_bandwidth_efficiency");
  g.library_layer_overhead_s = r.real("gemm.library_layer_overhead");
  g.stream_bandwidth_efficiency = r.real("kernels.stream_bandwidth_efficiency");
  g.library_stream_factor = r.real("kernels.library_stream_factor");
  g.kernel_launch_s = r.real("kernels.kernel_launch");
  g.launch_issue_s = r.real("kernels.launch_issue");
  g.bias_multiplier_copy_s = r.real("kernels.bias_multiplier_copy");
  g.layer_overhead_s = r.real("kernels.layer_overhead");
  g.layer_sync_s = r.real("kernels.layer_sync");
  g.timer_gap_s = r.real("kernels.timer_gap");
  g.block_launch_cycles = r.real("kernels.block_launch");
  const std::string o = "kernels.ops_per_element.";
  g.ops = GpuOpsPerElement{r.real(o + "im2col"),    r.real(o + "bias"),    r.real(o + "relu"),
                           r.real(o + "pool"),      r.real(o + "lrn"),     r.real(o + "batchnorm"),
                           r.real(o + "scale"),     r.real(o + "eltwise"), r.real(o + "softmax"),
                           r.real(o + "transcendental"), r.real(o + "copy"), r.real(o + "dropout"),
                           r.real(o + "transform")};
  if (const auto it = values.find("gemm.small_n.max_n"); it != values.end()) {  // optional section
    g.small_n_max_n = static_cast<int>(it->second.number);
    g.small_n_ffma_fraction = value_at(values, "gemm.small_n.ffma_fraction").number;
  }
  for (int a = 1; a < kConvolutionLowerings; ++a) {  // the section is optional: 1 when absent
    const auto it = values.find(std::string("gemm.algorithm_efficiency.") + kConvolutionLoweringNames[a]);
    if (it != values.end()) g.algorithm_efficiency[static_cast<size_t>(a)] = it->second.number;
  }
  // Tile names are the keys under gemm.tiles (ResolvedValues is sorted: names come in order).
  const std::string prefix = "gemm.tiles.";
  for (const auto& [path, value] : values) {
    if (path.rfind(prefix, 0) != 0 || path.size() < prefix.size() + 2 ||
        path.compare(path.size() - 2, 2, ".m") != 0) {
      continue;
    }
    const std::string name = path.substr(prefix.size(), path.size() - prefix.size() - 2);
    const std::string t = prefix + name + ".";
    GpuGemmTile tile{name,
                     r.count(t + "m"),
                     r.count(t + "n"),
                     r.count(t + "k"),
                     r.count(t + "threads"),
                     r.count(t + "registers_per_thread"),
                     static_cast<std::int64_t>(r.real(t + "shared_memory"))};
    g.tiles.push_back(tile);
  }
  return g;
}

// A convolution strategy by its name, else a UserError at the value naming the choices.
ConvolutionLowering convolution_lowering_named(const std::string& name, const ResolvedValue& v,
                                               const std::string& path) {
  std::vector<std::string> names;
  for (int a = 0; a < kConvolutionLowerings; ++a) {
    if (name == kConvolutionLoweringNames[a]) return static_cast<ConvolutionLowering>(a);
    names.emplace_back(kConvolutionLoweringNames[a]);
  }
  throw UserError(v.origin.kind == Origin::Kind::Default ? SourceLocation{"default"} : v.origin.where,
                  fmt::format("{}: expected one of {}, got '{}'{}", path, fmt::join(names, ", "), name,
                              did_you_mean(name, names)));
}

// "a, b c" -> the strategies named, in order (each once).
std::vector<ConvolutionLowering> convolution_candidates(const ResolvedValues& values) {
  const std::string path = "lowering.convolution_candidates";
  std::vector<ConvolutionLowering> out;
  const auto it = values.find(path);
  if (it == values.end()) return out;
  std::string name;
  const auto flush = [&] {
    if (name.empty()) return;
    const ConvolutionLowering a = convolution_lowering_named(name, it->second, path);
    if (std::find(out.begin(), out.end(), a) == out.end()) out.push_back(a);
    name.clear();
  };
  for (char c : it->second.text) {
    if (c == ',' || c == ' ' || c == '\t') {
      flush();
    } else {
      name += c;
    }
  }
  flush();
  return out;
}

Lowering build_lowering(const ResolvedValues& values) {
  Lowering l;
  if (const auto it = values.find("lowering.convolution"); it != values.end()) {
    l.convolution = convolution_lowering_named(it->second.text, it->second, "lowering.convolution");
  }
  l.convolution_candidates = convolution_candidates(values);
  if (const auto it = values.find("lowering.workspace_limit"); it != values.end()) {
    l.workspace_limit_bytes = static_cast<std::int64_t>(it->second.number);
  }
  l.layer_library = choose<LayerLibrary>(values, "lowering.layer_library",
                                         {{"caffe", LayerLibrary::Caffe}, {"cudnn", LayerLibrary::Cudnn}});
  l.inner_product = choose<InnerProductLowering>(values, "lowering.inner_product",
                                                 {{"gemv_at_batch_1", InnerProductLowering::GemvAtBatchOne},
                                                  {"gemm", InnerProductLowering::Gemm}});
  l.data_type = choose<DataType>(values, "lowering.data_type",
                                 {{"fp32", DataType::Fp32}, {"fp16", DataType::Fp16}, {"int8", DataType::Int8}});
  l.fusion = choose<Fusion>(values, "lowering.fusion",
                            {{"none", Fusion::None}, {"conv_bias_relu", Fusion::ConvBiasRelu},
                             {"convolution_bias_relu", Fusion::ConvolutionBiasRelu}});
  l.concat_in_place = choose<bool>(values, "lowering.concat", {{"copy", false}, {"in_place", true}});
  l.elementwise = choose<ElementwiseLowering>(values, "lowering.elementwise",
                                              {{"caffe", ElementwiseLowering::Caffe},
                                               {"single_pass", ElementwiseLowering::SinglePass}});
  l.dropout = choose<DropoutLowering>(values, "lowering.dropout",
                                      {{"run", DropoutLowering::Pass},
                                       {"train", DropoutLowering::Train},
                                       {"removed", DropoutLowering::Removed}});
  return l;
}

void require_sections(const ResolvedValues& values, const ResolvedValue& processor,
                      std::initializer_list<const char*> sections) {
  for (const char* s : sections) {
    bool present = false;
    for (const auto& [path, _] : values) present = present || path.rfind(std::string(s) + ".", 0) == 0;
    if (!present) {
      throw UserError(processor.origin.where,
                      fmt::format("processor: a {} runtime needs a '{}' section", processor.text, s));
    }
  }
}

}  // namespace

namespace {

// Builds the Runtime struct from validated values (out.values).
void build_from_values(LoadedRuntime& out) {
  const ValueReader r(out.values);
  Runtime& rt = out.runtime;
  rt.name = r.text("name");
  rt.description = r.text("description");
  rt.fitted_on = r.text("fitted_on");
  rt.stack = r.text("stack");
  rt.host_clock_hz = r.real("host_clock");
  rt.memory = RuntimeMemory{r.bytes("memory.fixed"), r.count("memory.weight_copies")};
  rt.lowering = build_lowering(out.values);
  rt.memory.bytes_per_element = element_bytes(rt.lowering.data_type);
  const auto& processor = value_at(out.values, "processor");
  rt.model = processor.text;
  if (processor.text == "cpu") {
    require_sections(out.values, processor, {"blas", "framework"});
    rt.params = build_cpu(r);
  } else if (processor.text == "gpu") {
    require_sections(out.values, processor, {"gemm", "kernels"});
    rt.params = build_gpu(r, out.values);
  } else if (processor.text == "systolic_array") {
    require_sections(out.values, processor, {"driver"});
    rt.params = AcceleratorRuntime{r.real("driver.layer_overhead"), r.real("driver.launch_issue"),
                                   r.real("driver.layer_sync")};
  } else {
    throw UserError(processor.origin.where,
                    fmt::format("processor: expected cpu, gpu or systolic_array, got '{}'{}", processor.text,
                                did_you_mean(processor.text, {"cpu", "gpu", "systolic_array"})));
  }
}

LoadedRuntime build_runtime(ConfigNode tree, const std::string& display,
                            const std::vector<std::string>& overrides) {
  for (const auto& text : overrides) apply_override(tree, parse_override(text));
  LoadedRuntime out;
  out.values = validate(tree, runtime_schema());
  out.file = display;
  out.overrides = overrides;
  build_from_values(out);
  return out;
}

}  // namespace

LoadedRuntime with_values(const LoadedRuntime& base, const std::vector<ValuePatch>& patches) {
  LoadedRuntime out;
  out.values = base.values;
  out.file = base.file;
  out.overrides = base.overrides;
  for (const auto& p : patches) {
    out.values[p.path] = p.value;
    out.overrides.push_back(p.text);
  }
  build_from_values(out);
  return out;
}

RuntimeTemplate load_runtime_template(const std::filesystem::path& file) {
  return RuntimeTemplate{load_composed(file), file.string()};
}

LoadedRuntime instantiate(const RuntimeTemplate& runtime, const std::vector<std::string>& overrides) {
  return build_runtime(runtime.tree, runtime.file, overrides);
}

LoadedRuntime load_runtime(const std::filesystem::path& file, const std::vector<std::string>& overrides) {
  return build_runtime(load_composed(file), file.string(), overrides);
}

LoadedRuntime load_runtime_from_text(const std::string& yaml_text, const std::string& display_name,
                                     const std::vector<std::string>& overrides) {
  return build_runtime(read_yaml_text(yaml_text, display_name), display_name, overrides);
}

std::optional<std::filesystem::path> board_runtime_path(const LoadedPlatform& board,
                                                        const std::string& processor) {
  const Processor* p = board.platform.find(processor);
  if (p == nullptr || p->runtime_file.empty()) return std::nullopt;
  return std::filesystem::path(p->runtime_file);
}

}  // namespace augur::hwdesc
