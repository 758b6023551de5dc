// Writing a fitted runtime.
#include "sim/calibrate/fitted_runtime.h"

#include <map>
#include <sstream>

#include <fmt/format.h>

#include "sim/core/version.h"

namespace augur::calibrate {
namespace {

std::string value_text(double value, Dimension d) {
  switch (d) {
    case Dimension::Duration: return fmt::format("{:.6g} us", value * 1e6);
    case Dimension::Cycles: return fmt::format("{:.6g} cycles", value);
    default: return fmt::format("{:.6g}", value);
  }
}

std::string range_text(const FitParameter& p) {
  return fmt::format("[{}, {}]", value_text(p.lo, p.dimension), value_text(p.hi, p.dimension));
}

// Folded to lines of at most ~96 columns under `indent` (a YAML block scalar keeps any text).
std::string folded(const std::string& text, const std::string& indent) {
  std::istringstream words(text);
  std::string out, line, word;
  while (words >> word) {
    if (!line.empty() && line.size() + 1 + word.size() > 96) {
      out += indent + line + "\n";
      line.clear();
    }
    line += (line.empty() ? "" : " ") + word;
  }
  if (!line.empty()) out += indent + line + "\n";
  return out;
}

// One mapping level of the overridden keys.
struct Node {
  std::map<std::string, Node> children;
  const FittedParameter* leaf = nullptr;
};

void emit(std::string& out, const Node& node, const std::string& indent, double loss) {
  for (const auto& [key, child] : node.children) {
    if (child.leaf) {
      const auto& f = *child.leaf;
      out += fmt::format("{}{}: {}  # from {}; range {}; -10%/+10%: loss {:+.1f}%/{:+.1f}%{}\n", indent, key,
                         value_text(f.value, f.parameter.dimension), value_text(f.parameter.initial, f.parameter.dimension),
                         range_text(f.parameter), 100 * f.relative_loss_change_down, 100 * f.relative_loss_change_up,
                         f.at_bound ? "; AT A BOUND of the range" : "");
    } else {
      out += indent + key + ":\n";
      emit(out, child, indent + "  ", loss);
    }
  }
}

}  // namespace

std::string fitted_runtime_yaml(const FittedRuntimeText& spec, const CalibrationResult& result) {
  const auto dir = std::filesystem::absolute(spec.out).lexically_normal().parent_path();
  const auto base = std::filesystem::absolute(spec.base).lexically_normal().lexically_relative(dir).generic_string();
  std::string out = fmt::format("# Written by augur calibrate (Augur {}). Do not edit by hand: change {} or the records\n"
                                "# and run the command in fitted_on again.\n", kVersion, base);
  out += fmt::format("# Weighted log loss {:.6g} (from {:.6g}) after {} evaluations ({}); prior term {:.3g}.\n",
                     result.loss, result.initial_loss, result.evaluations, result.stopped_because, result.prior_penalty);
  for (const auto& f : result.parameters) {
    if (!f.constrained) out += fmt::format("# Not fitted (the records do not move the loss): {}\n", f.parameter.path);
  }
  for (const auto& d : result.flat_directions) {
    std::string keys;
    for (const auto& [k, c] : d.keys) keys += fmt::format("{}{:+.2f} ln {}", keys.empty() ? "" : " ", c, k);
    out += fmt::format("# Flat direction (the records cannot separate these keys; doubling along it changes the loss "
                       "by {:.2g}%): {}\n", 100 * d.loss_change_at_double, keys);
  }
  out += fmt::format("use: {}\n", base);
  out += "fitted_on: >-\n" + folded(spec.fitted_on + ". Command: " + spec.command, "  ");
  Node root;
  for (const auto& f : result.parameters) {
    if (!f.constrained) continue;
    Node* node = &root;
    std::string path = f.parameter.path;
    for (size_t dot; (dot = path.find('.')) != std::string::npos; path = path.substr(dot + 1)) {
      node = &node->children[path.substr(0, dot)];
    }
    node->children[path].leaf = &f;
  }
  emit(out, root, "", result.loss);
  return out;
}

}  // namespace augur::calibrate
