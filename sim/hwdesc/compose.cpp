// `use:` resolution with cycle detection and deep merge.
#include "sim/hwdesc/compose.h"

#include <vector>

#include <fmt/format.h>

#include "sim/hwdesc/yaml_reader.h"

namespace augur::hwdesc {
namespace {

constexpr const char* kUseKey = "use";
constexpr size_t kMaxUseDepth = 32;

struct OpenFile {
  std::filesystem::path canonical;
  std::string display;
};

// `overlay` wins over `base`; mappings present in both are merged recursively.
void merge_into(ConfigNode& base, ConfigNode overlay) {
  if (base.kind != ConfigNode::Kind::Map || overlay.kind != ConfigNode::Kind::Map) {
    base = std::move(overlay);
    return;
  }
  for (auto& entry : overlay.entries) {
    if (ConfigEntry* existing = base.find(entry.key)) {
      existing->key_where = entry.key_where;
      merge_into(existing->value, std::move(entry.value));
    } else {
      base.entries.push_back(std::move(entry));
    }
  }
  base.where = overlay.where;
}

std::string chain_text(const std::vector<OpenFile>& stack, const std::string& again) {
  std::string text;
  for (const auto& f : stack) text += f.display + " -> ";
  return text + again;
}

ConfigNode load_file(const std::filesystem::path& path, const std::string& display,
                     std::vector<OpenFile>& stack);

void resolve(ConfigNode& node, const std::filesystem::path& file_dir, const std::string& display,
             std::vector<OpenFile>& stack) {
  if (node.kind == ConfigNode::Kind::Sequence) {
    for (auto& item : node.items) resolve(item, file_dir, display, stack);
    return;
  }
  if (node.kind != ConfigNode::Kind::Map) return;

  // Resolve children first (their `use:` paths are relative to this file).
  for (auto& entry : node.entries) {
    if (entry.key != kUseKey) resolve(entry.value, file_dir, display, stack);
  }
  const ConfigEntry* use = node.find(kUseKey);
  if (use == nullptr) return;

  if (use->value.kind != ConfigNode::Kind::Scalar || use->value.scalar.empty()) {
    throw UserError(use->value.where, "use: expected the path of a YAML file");
  }
  const std::filesystem::path relative(use->value.scalar);
  const std::filesystem::path target = (file_dir / relative).lexically_normal();
  const std::string target_display =
      (std::filesystem::path(display).parent_path() / relative).lexically_normal().string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(target, ec)) {
    throw UserError(use->value.where, fmt::format("use: file '{}' not found (looked for {})",
                                                  use->value.scalar, target_display));
  }
  const auto canonical = std::filesystem::weakly_canonical(target, ec);
  for (const auto& open : stack) {
    if (open.canonical == canonical) {
      throw UserError(use->value.where,
                      fmt::format("use: reference cycle: {}", chain_text(stack, target_display)));
    }
  }
  if (stack.size() >= kMaxUseDepth) {
    throw UserError(use->value.where,
                    fmt::format("use: references nested more than {} files deep", kMaxUseDepth));
  }
  const SourceLocation use_where = use->value.where;
  ConfigNode base = load_file(target, target_display, stack);
  if (base.kind != ConfigNode::Kind::Map) {
    throw UserError(use_where, fmt::format("use: '{}' does not hold a mapping of keys",
                                           target_display));
  }
  ConfigNode overlay = std::move(node);
  std::erase_if(overlay.entries, [](const ConfigEntry& e) { return e.key == kUseKey; });
  merge_into(base, std::move(overlay));
  node = std::move(base);
}

ConfigNode load_file(const std::filesystem::path& path, const std::string& display,
                     std::vector<OpenFile>& stack) {
  std::error_code ec;
  stack.push_back(OpenFile{std::filesystem::weakly_canonical(path, ec), display});
  ConfigNode root = read_yaml_file(path, display);
  resolve(root, path.parent_path(), display, stack);
  stack.pop_back();
  return root;
}

}  // namespace

ConfigNode load_composed(const std::filesystem::path& path) {
  std::vector<OpenFile> stack;
  return load_file(path, path.string(), stack);
}

}  // namespace augur::hwdesc
