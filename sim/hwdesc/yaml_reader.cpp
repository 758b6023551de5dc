// yaml-cpp -> ConfigNode, with locations. yaml-cpp stays behind this file.
#include "sim/hwdesc/yaml_reader.h"

#include <fstream>
#include <sstream>

#include <fmt/format.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/file_input.h"

namespace augur::hwdesc {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 1 << 20;  // hardware descriptions are small
constexpr int kMaxDepth = 64;                      // deeper nesting is not a hardware description
constexpr size_t kMaxNodes = 100000;  // bounds alias expansion ("billion laughs")

SourceLocation location_of(const YAML::Mark& mark, const std::string& file) {
  // yaml-cpp marks are 0-based; -1 means unknown.
  return SourceLocation{file, mark.line >= 0 ? mark.line + 1 : 0,
                        mark.column >= 0 ? mark.column + 1 : 0};
}

ConfigNode convert(const YAML::Node& node, const std::string& file, int depth, size_t& nodes) {
  ConfigNode out;
  out.where = location_of(node.Mark(), file);
  if (++nodes > kMaxNodes) {
    throw UserError(out.where, fmt::format("more than {} values (aliases expanded); not a hardware description", kMaxNodes));
  }
  if (depth > kMaxDepth) {
    throw UserError(out.where, fmt::format("nesting deeper than {} levels", kMaxDepth));
  }
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: out.kind = ConfigNode::Kind::Null; break;
    case YAML::NodeType::Scalar:
      out.kind = ConfigNode::Kind::Scalar;
      out.scalar = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out.kind = ConfigNode::Kind::Sequence;
      for (const auto& item : node) out.items.push_back(convert(item, file, depth + 1, nodes));
      break;
    case YAML::NodeType::Map:
      out.kind = ConfigNode::Kind::Map;
      for (const auto& kv : node) {
        const SourceLocation key_where = location_of(kv.first.Mark(), file);
        if (!kv.first.IsScalar()) {
          throw UserError(key_where, "a key must be a plain name, not a mapping or sequence");
        }
        const std::string key = kv.first.Scalar();
        if (const ConfigEntry* previous = out.find(key)) {
          throw UserError(key_where, fmt::format("duplicate key '{}' (first given at {})", key,
                                                 previous->key_where.to_string()));
        }
        out.entries.push_back(ConfigEntry{key, key_where, convert(kv.second, file, depth + 1, nodes)});
      }
      break;
  }
  return out;
}

ConfigNode parse(const std::string& text, const std::string& display_name) {
  try {
    const YAML::Node root = YAML::Load(text);
    size_t nodes = 0;
    ConfigNode tree = convert(root, display_name, 0, nodes);
    if (tree.kind == ConfigNode::Kind::Null) {
      throw UserError(SourceLocation{display_name, 1, 1}, "the file is empty");
    }
    return tree;
  } catch (const YAML::Exception& e) {
    // e.msg is yaml-cpp's message without the location prefix.
    throw UserError(location_of(e.mark, display_name), "YAML syntax error: " + e.msg);
  }
}

}  // namespace

ConfigNode read_yaml_text(const std::string& text, const std::string& display_name) {
  return parse(text, display_name);
}

ConfigNode read_yaml_file(const std::filesystem::path& path, const std::string& display_name) {
  return parse(read_input_file(path, kMaxFileBytes, "a hardware description", display_name), display_name);
}

}  // namespace augur::hwdesc
