// Memory table and JSON.
#include "sim/report/memory_view.h"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include "sim/core/text_escape.h"
#include "sim/core/version.h"
#include "sim/report/network_view.h"

namespace augur::report {
namespace {

std::string mib(std::int64_t bytes) { return fmt::format("{:10.1f} MiB", bytes / 1048576.0); }

}  // namespace

std::string memory_table(const MemoryContext& c, const Footprint& f, bool by_layer) {
  std::string out =
      fmt::format("# Augur {}: memory of {} (batch {}) on {}, {} ({}), policy {}\n", kVersion,
                  terminal_text(c.network->name), c.network->batch, c.board, c.processor, c.runtime, c.policy);
  const bool liveness = c.policy == "liveness";
  out += fmt::format("{:<22}{}   {}\n", "weights", mib(f.weights_bytes),
                     liveness ? "one copy" : "all copies the runtime keeps");
  out += fmt::format(
      "{:<22}{}   Caffe's \"Memory required for data\" (in-place and Split tops counted)\n",
      "data (Caffe count)", mib(f.data_bytes));
  out += fmt::format("{:<22}{}   {}\n", "data allocated",
                     mib(liveness ? f.arena_bytes : f.data_allocated_bytes),
                     liveness ? "activations packed by live range"
                              : "blobs as allocated (in-place and Split tops share)");
  out += fmt::format("{:<22}{}   {}\n", "internal buffers", mib(f.internal_bytes),
                     "LRN scale, pooling argmax, BatchNorm temporaries, ...");
  out += fmt::format(
      "{:<22}{}   {}\n", "workspace", mib(f.workspace_bytes),
      liveness ? "the largest im2col buffer or algorithm workspace, shared"
               : "im2col buffers, one per convolution (a library's algorithms: one shared workspace)");
  out += fmt::format("{:<22}{}   {}\n", "runtime", mib(f.runtime_bytes),
                     "framework, libraries, heap, CUDA context");
  out += fmt::format("{:<22}{}\n", "total", mib(f.total_bytes));
  out +=
      fmt::format("{:<22}{}   saving {:.1f}% against Caffe's {:.1f} MiB\n", "liveness peak",
                  mib(f.peak_liveness_bytes),
                  100.0 * (1.0 - static_cast<double>(f.peak_liveness_bytes) / f.caffe_total_bytes),
                  f.caffe_total_bytes / 1048576.0);
  const double headroom = static_cast<double>(f.capacity_bytes - f.total_bytes);
  out += fmt::format(
      "{:<22}{}   {}\n", "board DRAM", mib(f.capacity_bytes),
      f.fits ? fmt::format("fits ({:.1f}% used)", 100.0 * f.total_bytes / f.capacity_bytes)
             : fmt::format("DOES NOT FIT: {:.1f} MiB short", -headroom / 1048576.0));
  if (by_layer) {
    out += fmt::format("\n{:<28} {:>12} {:>12} {:>12} {:>12} {:>12}\n", "layer", "weights", "tops",
                       "allocated", "internal", "workspace");
    const auto& order = c.network->graph.topological_order();
    for (size_t i = 0; i < order.size(); ++i) {
      const auto& m = f.layers[i];
      out += fmt::format("{:<28} {:>12} {:>12} {:>12} {:>12} {:>12}\n",
                         terminal_text(c.network->graph.layers()[order[i]].name), m.weight_bytes, m.top_bytes,
                         m.allocated_bytes, m.internal_bytes, m.workspace_bytes);
    }
    out += "(bytes)\n";
  }
  return out;
}

nlohmann::json footprint_json(const Footprint& f) {
  return {{"weights_bytes", f.weights_bytes},
          {"data_bytes", f.data_bytes},
          {"data_allocated_bytes", f.data_allocated_bytes},
          {"internal_bytes", f.internal_bytes},
          {"workspace_bytes", f.workspace_bytes},
          {"runtime_bytes", f.runtime_bytes},
          {"total_bytes", f.total_bytes},
          {"caffe_total_bytes", f.caffe_total_bytes},
          {"peak_liveness_bytes", f.peak_liveness_bytes},
          {"activation_peak_bytes", f.activation_peak_bytes},
          {"arena_bytes", f.arena_bytes},
          {"capacity_bytes", f.capacity_bytes},
          {"fits", f.fits}};
}

nlohmann::json memory_json(const MemoryContext& c, const Footprint& f, bool by_layer) {
  nlohmann::json j = footprint_json(f);
  j["policy"] = c.policy;
  j["processor"] = c.processor;
  j["runtime"] = c.runtime;
  if (by_layer) {
    nlohmann::json layers = nlohmann::json::array();
    const auto& order = c.network->graph.topological_order();
    for (size_t i = 0; i < order.size(); ++i) {
      const auto& m = f.layers[i];
      layers.push_back({{"name", c.network->graph.layers()[order[i]].name},
                        {"weight_bytes", m.weight_bytes},
                        {"top_bytes", m.top_bytes},
                        {"allocated_bytes", m.allocated_bytes},
                        {"internal_bytes", m.internal_bytes},
                        {"workspace_bytes", m.workspace_bytes}});
    }
    j["layers"] = std::move(layers);
  }
  return j;
}

MemoryContext memory_context(const Scenario& scenario, const std::string& processor, const std::string& policy) {
  const auto* runtime = scenario.runtime_of(scenario.memory_holder(processor));
  return MemoryContext{&scenario.network(), scenario.platform().name, processor,
                       runtime != nullptr ? runtime->loaded.runtime.name : "", policy};
}

nlohmann::json memory_document(const Scenario& scenario, const MemoryContext& context, const Footprint& footprint,
                               bool by_layer) {
  return nlohmann::json{{"memory", memory_json(context, footprint, by_layer)},
                        {"network", network_identity_json(scenario.network())},
                        {"platform", {{"name", scenario.platform().name}, {"file", scenario.board().board_file}}}};
}

}  // namespace augur::report
