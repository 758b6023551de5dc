// `use:` resolution with cycle detection and deep merge; each file parsed once, the total
// composed size bounded.
#include "sim/hwdesc/compose.h"

#include <map>
#include <vector>

#include <fmt/format.h>

#include "sim/hwdesc/board_search.h"
#include "sim/hwdesc/yaml_reader.h"

namespace augur::hwdesc {
namespace {

constexpr const char* kUseKey = "use";
constexpr size_t kMaxUseDepth = 32;
// Total nodes of all composed files: a chain in which every file uses the next twice doubles at
// each level (30 levels: 2^30 copies), so the composition is bounded, not only the depth.
constexpr size_t kMaxComposedNodes = 1'000'000;

struct OpenFile {
  std::filesystem::path canonical;
  std::string display;
};

// The state of one composition: the files being composed (for cycles), each file parsed once
// (by canonical path), and the number of nodes composed so far.
struct Composition {
  std::vector<OpenFile> stack;
  std::map<std::filesystem::path, ConfigNode> parsed;
  size_t nodes = 0;
};

size_t node_count(const ConfigNode& node) {
  size_t n = 1;
  for (const auto& item : node.items) n += node_count(item);
  for (const auto& entry : node.entries) n += node_count(entry.value);
  return n;
}

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

ConfigNode load_file(const std::filesystem::path& path, const std::string& display, Composition& c);

void resolve(ConfigNode& node, const std::filesystem::path& file_dir, const std::string& display,
             Composition& c) {
  if (node.kind == ConfigNode::Kind::Sequence) {
    for (auto& item : node.items) resolve(item, file_dir, display, c);
    return;
  }
  if (node.kind != ConfigNode::Kind::Map) return;

  // Resolve children first (their `use:` paths are relative to this file).
  for (auto& entry : node.entries) {
    if (entry.key != kUseKey) resolve(entry.value, file_dir, display, c);
  }
  const ConfigEntry* use = node.find(kUseKey);
  if (use == nullptr) return;

  if (use->value.kind != ConfigNode::Kind::Scalar || use->value.scalar.empty()) {
    throw UserError(use->value.where, "use: expected the path of a YAML file");
  }
  const std::filesystem::path relative(use->value.scalar);
  std::filesystem::path target = (file_dir / relative).lexically_normal();
  std::string target_display = (std::filesystem::path(display).parent_path() / relative).lexically_normal().string();
  std::error_code ec;
  if (!std::filesystem::is_regular_file(target, ec)) {
    // Not beside the file: a board copied out of the tree finds its parts through the search path.
    std::vector<std::string> looked{target_display};
    const auto found = find_description_file(use->value.scalar, file_dir, "", &looked);
    if (!found) {
      std::string list;
      for (const auto& l : looked) list += (list.empty() ? "" : ", ") + l;
      throw UserError(use->value.where, fmt::format("use: file '{}' not found (looked for {})", use->value.scalar, list));
    }
    target = *found;
    target_display = found->string();
  }
  const auto canonical = std::filesystem::weakly_canonical(target, ec);
  for (const auto& open : c.stack) {
    if (open.canonical == canonical) {
      throw UserError(use->value.where,
                      fmt::format("use: reference cycle: {}", chain_text(c.stack, target_display)));
    }
  }
  if (c.stack.size() >= kMaxUseDepth) {
    throw UserError(use->value.where,
                    fmt::format("use: references nested more than {} files deep", kMaxUseDepth));
  }
  const SourceLocation use_where = use->value.where;
  ConfigNode base = load_file(target, target_display, c);
  c.nodes += node_count(base);
  if (c.nodes > kMaxComposedNodes) {
    throw UserError(use_where, fmt::format("use: the composed description exceeds {} nodes (files used many times over, "
                                           "e.g. each file of a chain using the next twice)", kMaxComposedNodes));
  }
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
                     Composition& c) {
  std::error_code ec;
  const auto canonical = std::filesystem::weakly_canonical(path, ec);
  c.stack.push_back(OpenFile{canonical, display});
  // Each file is read and parsed once; locations name the path it was first reached by.
  auto cached = c.parsed.find(canonical);
  if (cached == c.parsed.end()) cached = c.parsed.emplace(canonical, read_yaml_file(path, display)).first;
  ConfigNode root = cached->second;
  resolve(root, path.parent_path(), display, c);
  c.stack.pop_back();
  return root;
}

}  // namespace

ConfigNode load_composed(const std::filesystem::path& path) {
  Composition c;
  return load_file(path, path.string(), c);
}

}  // namespace augur::hwdesc
