// Building the Platform struct from resolved values.
#include "sim/hwdesc/platform_builder.h"

#include <algorithm>
#include <filesystem>

#include <fmt/format.h>

#include "sim/hwdesc/binding.h"
#include "sim/hwdesc/board_search.h"
#include "sim/hwdesc/checks.h"
#include "sim/hwdesc/derived.h"

namespace augur::hwdesc {

void derive_missing(ResolvedValues& values) {
  if (values.find("memory.bandwidth") == values.end()) {
    const auto& width = value_at(values, "memory.bus_width");
    const auto& rate = value_at(values, "memory.data_rate");
    const double bandwidth = dram_peak_bandwidth(static_cast<int>(width.number), rate.number);
    ResolvedValue derived;
    derived.dimension = Dimension::Bandwidth;
    derived.number = bandwidth;
    derived.text = format_quantity(bandwidth, Dimension::Bandwidth);
    derived.origin.kind = Origin::Kind::Derived;
    derived.origin.note = "bus_width / 8 × data_rate";
    values["memory.bandwidth"] = std::move(derived);
  }
}

namespace {

template <class T>
T read_bound(const SectionBinding<T>& binding, const ValueReader& r, const ResolvedValues& values,
             const std::string& prefix) {
  T out;
  binding.read(r, values, prefix, out);
  return out;
}

// A runtime path as written, resolved relative to the file that wrote it; when there is no such
// file, through the search path (board_search.h: a board copied out of the tree, or a runtime
// named by its file name). Left as written when found nowhere: loading it says so.
std::string resolved_runtime_path(const ResolvedValue& v) {
  if (v.text.empty()) return "";
  const std::filesystem::path dir =
      v.origin.kind == Origin::Kind::File ? std::filesystem::path(v.origin.where.file).parent_path() : std::filesystem::path();
  const std::filesystem::path p = (dir / v.text).lexically_normal();
  std::error_code ec;
  if (std::filesystem::is_regular_file(p, ec)) return p.string();
  const auto found = find_description_file(v.text, dir, "runtimes");
  return found ? found->string() : p.string();
}

}  // namespace

Platform build_platform(const ResolvedValues& values, const std::vector<std::string>& processor_order,
                        const Platform* same_runtime_files) {
  const ValueReader r(values);
  Platform p;
  p.name = r.text("name");
  p.description = r.text("description");

  auto models = processor_models(values);
  std::stable_sort(models.begin(), models.end(), [&](const auto& a, const auto& b) {
    const auto rank = [&](const std::string& name) {
      return std::find(processor_order.begin(), processor_order.end(), name) - processor_order.begin();
    };
    return rank(a.first) < rank(b.first);
  });
  for (const auto& [name, model] : models) {
    Processor proc;
    proc.name = name;
    proc.model = model;
    const std::string n = name + ".";
    const Processor* known = same_runtime_files != nullptr ? same_runtime_files->find(name) : nullptr;
    proc.runtime_file = known != nullptr ? known->runtime_file : resolved_runtime_path(value_at(values, n + "runtime"));
    if (model == "cpu") {
      proc.hardware = read_bound(cpu_cluster_binding(), r, values, n);
    } else if (model == "gpu") {
      proc.hardware = read_bound(gpu_binding(), r, values, n);
    } else if (model == "systolic_array") {
      proc.hardware = read_bound(systolic_array_binding(), r, values, n);
    } else {
      throw InternalError("build_platform: the schema accepted processor model '" + model +
                          "' that has no hardware builder");
    }
    p.processors.push_back(std::move(proc));
  }

  // The clock of every processor's host (host_processor: itself for a cpu, else the first cpu).
  for (auto& proc : p.processors) {
    const Processor* host = host_processor(p.processors, proc);
    proc.host_clock_hz = host != nullptr ? host->as<CpuCluster>()->clock_hz : 0.0;
  }

  memory_binding().read(r, values, "memory.", p.memory);
  return p;
}

}  // namespace augur::hwdesc
