// json_text and check_finite.
#include "sim/report/output_checks.h"

#include <cmath>
#include <optional>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/text_escape.h"

namespace augur::report {
namespace {

std::optional<std::string> non_finite_path(const nlohmann::json& j, const std::string& path) {
  if (j.is_number_float()) {
    if (!std::isfinite(j.get<double>())) return path.empty() ? "/" : path;
  } else if (j.is_object()) {
    for (const auto& [key, value] : j.items()) {
      if (auto p = non_finite_path(value, path + "/" + key)) return p;
    }
  } else if (j.is_array()) {
    for (size_t i = 0; i < j.size(); ++i) {
      if (auto p = non_finite_path(j[i], path + "/" + std::to_string(i))) return p;
    }
  }
  return std::nullopt;
}

// Whether every number in `j` is finite; walks without building paths (the common case).
bool all_finite(const nlohmann::json& j) {
  if (j.is_number_float()) return std::isfinite(j.get<double>());
  if (j.is_structured()) {
    for (const auto& value : j) {
      if (!all_finite(value)) return false;
    }
  }
  return true;
}

}  // namespace

std::string json_text(const nlohmann::json& j, int indent) {
  if (all_finite(j)) return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
  if (auto path = non_finite_path(j, "")) {
    throw InternalError(fmt::format("a result is not a finite number (NaN or infinite) at {}", terminal_text(*path)));
  }
  return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

void check_finite(const Network& network, const SimulationResult& result) {
  const auto finite = [](double x) { return std::isfinite(x); };
  for (const auto& l : result.layers) {
    bool ok = finite(l.start_seconds) && finite(l.end_seconds) && finite(l.handoff_seconds) &&
              finite(l.cost().kernel_seconds) && finite(l.cost().layerwise_seconds) && finite(l.cost().dram_bytes);
    ok = ok && finite(l.cost().cycles) && finite(l.cost().stall_cycles);
    for (const auto& k : l.cost().kernels) ok = ok && finite(k.seconds) && finite(k.dram_bytes);
    if (!ok) {
      throw InternalError(fmt::format("the prediction for layer '{}' is not a finite number (NaN or infinite)",
                                      terminal_text(network.graph.layers()[l.layer].name)));
    }
  }
  bool alone_ok = true;
  for (const auto& alone : result.all_on_forward_seconds) alone_ok = alone_ok && finite(alone.value_or(0));
  if (!finite(result.forward_seconds) || !finite(result.layerwise_seconds) || !alone_ok) {
    throw InternalError("the predicted total time is not a finite number (NaN or infinite)");
  }
}

}  // namespace augur::report
