// Parsing and applying `--set` overrides.
#include "sim/hwdesc/overrides.h"

#include <fmt/format.h>

namespace augur::hwdesc {
namespace {

std::string trim(const std::string& s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string::npos) return "";
  const auto last = s.find_last_not_of(" \t");
  return s.substr(first, last - first + 1);
}

thread_local const OverrideLabels* innermost_labels = nullptr;

}  // namespace

OverrideLabels::OverrideLabels(std::function<std::string(const std::string&)> label)
    : label_(std::move(label)), outer_(innermost_labels) {
  innermost_labels = this;
}

OverrideLabels::~OverrideLabels() { innermost_labels = outer_; }

std::string override_label(const std::string& text) {
  return innermost_labels != nullptr ? innermost_labels->label_(text) : "--set " + text;
}

Override parse_override(const std::string& text) {
  const SourceLocation where{override_label(text)};
  const auto eq = text.find('=');
  if (eq == std::string::npos) {
    throw UserError(where, "expected KEY.PATH=VALUE (e.g. --set gpu.l2.size=1MiB)");
  }
  Override out;
  out.text = text;
  out.value = trim(text.substr(eq + 1));
  const std::string key = trim(text.substr(0, eq));
  size_t start = 0;
  while (true) {
    const auto dot = key.find('.', start);
    const std::string segment = key.substr(start, dot == std::string::npos ? dot : dot - start);
    if (segment.empty()) {
      throw UserError(where, "empty key segment in '" + key + "'");
    }
    out.path.push_back(segment);
    if (dot == std::string::npos) break;
    start = dot + 1;
  }
  if (out.value.empty()) {
    throw UserError(where, "empty value for '" + key + "'");
  }
  return out;
}

void apply_override(ConfigNode& root, const Override& override) {
  const SourceLocation where{override_label(override.text)};
  ConfigNode* node = &root;
  for (size_t i = 0; i < override.path.size(); ++i) {
    if (node->kind != ConfigNode::Kind::Map) {
      const std::string parent = i == 0 ? std::string("the document") : "'" + override.path[i - 1] + "'";
      throw UserError(where, fmt::format("{} is a {}, not a mapping with keys", parent,
                                         kind_name(node->kind)));
    }
    ConfigEntry* entry = node->find(override.path[i]);
    if (entry == nullptr) {
      ConfigNode fresh;
      fresh.kind = ConfigNode::Kind::Map;
      fresh.where = where;
      node->entries.push_back(ConfigEntry{override.path[i], where, std::move(fresh)});
      entry = &node->entries.back();
    }
    node = &entry->value;
  }
  ConfigNode value;
  value.kind = ConfigNode::Kind::Scalar;
  value.scalar = override.value;
  value.where = where;
  *node = std::move(value);
}

}  // namespace augur::hwdesc
