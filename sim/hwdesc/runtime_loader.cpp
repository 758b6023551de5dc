// Runtime loading and building.
#include "sim/hwdesc/runtime_loader.h"


#include <fmt/format.h>

#include "sim/hwdesc/compose.h"
#include "sim/hwdesc/overrides.h"
#include "sim/hwdesc/runtime_schema.h"
#include "sim/hwdesc/validate.h"
#include "sim/hwdesc/yaml_reader.h"

namespace augur::hwdesc {
namespace {

CpuRuntime build_cpu(const ValueReader& r) {
  CpuRuntime c;
  c.threads = r.count("blas.threads");
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
  c.gemv_threads = r.count("blas.gemv_threads");
  c.gemv_bytes_per_cycle = r.real("blas.gemv_bytes_per_cycle");
  c.loop_threads = r.count("framework.threads");
  c.layer_overhead_s = r.real("framework.layer_overhead");
  const std::string p = "framework.cycles_per_element.";
  c.cycles = CpuLoopCosts{r.real(p + "relu"),    r.real(p + "pool"),    r.real(p + "pool_output"),
                          r.real(p + "lrn"),
                          r.real(p + "batchnorm"), r.real(p + "scale"), r.real(p + "eltwise"),
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
  g.ffma_fraction = r.real("gemm.ffma_fraction");
  g.dual_issue_fraction = r.real("gemm.dual_issue_fraction");
  g.gemv_bandwidth_efficiency = r.real("gemm.gemv_bandwidth_efficiency");
  g.stream_bandwidth_efficiency = r.real("kernels.stream_bandwidth_efficiency");
  g.kernel_launch_s = r.real("kernels.kernel_launch");
  g.launch_issue_s = r.real("kernels.launch_issue");
  g.layer_overhead_s = r.real("kernels.layer_overhead");
  g.layer_sync_s = r.real("kernels.layer_sync");
  g.block_launch_cycles = r.real("kernels.block_launch");
  const std::string o = "kernels.ops_per_element.";
  g.ops = GpuOpsPerElement{r.real(o + "im2col"),    r.real(o + "bias"),    r.real(o + "relu"),
                           r.real(o + "pool"),      r.real(o + "lrn"),     r.real(o + "batchnorm"),
                           r.real(o + "scale"),     r.real(o + "eltwise"), r.real(o + "softmax"),
                           r.real(o + "transcendental"), r.real(o + "copy"), r.real(o + "dropout")};
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

LoadedRuntime build_runtime(ConfigNode tree, const std::string& display,
                            const std::vector<std::string>& overrides) {
  for (const auto& text : overrides) apply_override(tree, parse_override(text));
  LoadedRuntime out;
  out.values = validate(tree, runtime_schema());
  out.file = display;
  out.overrides = overrides;
  const ValueReader r(out.values);
  Runtime& rt = out.runtime;
  rt.name = r.text("name");
  rt.description = r.text("description");
  rt.fitted_on = r.text("fitted_on");
  rt.memory = RuntimeMemory{r.bytes("memory.fixed"), r.count("memory.weight_copies")};
  const auto& processor = value_at(out.values, "processor");
  if (processor.text == "cpu") {
    rt.processor = ProcessorKind::Cpu;
    require_sections(out.values, processor, {"blas", "framework"});
    rt.cpu = build_cpu(r);
  } else if (processor.text == "gpu") {
    rt.processor = ProcessorKind::Gpu;
    require_sections(out.values, processor, {"gemm", "kernels"});
    rt.gpu = build_gpu(r, out.values);
  } else {
    throw UserError(processor.origin.where,
                    fmt::format("processor: expected cpu or gpu, got '{}'", processor.text));
  }
  return out;
}

}  // namespace

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
                                                        ProcessorKind processor) {
  const auto it = board.values.find(processor == ProcessorKind::Cpu ? "runtimes.cpu" : "runtimes.gpu");
  if (it == board.values.end()) return std::nullopt;
  const auto& v = it->second;
  if (v.text.empty()) return std::nullopt;
  std::filesystem::path p(v.text);
  if (p.is_relative() && v.origin.kind == Origin::Kind::File) {
    p = std::filesystem::path(v.origin.where.file).parent_path() / p;
  }
  return p.lexically_normal();
}

}  // namespace augur::hwdesc
