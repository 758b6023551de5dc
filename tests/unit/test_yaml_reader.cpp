// The libyaml reader builds the tree yaml-cpp's conversion built (the reader it replaced, kept
// here as the reference): same kinds, scalars, keys in order and locations of every key and
// value, for every YAML file of the repository; both refuse the same malformed files.
#include <filesystem>
#include <fstream>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "sim/core/error.h"
#include "sim/hwdesc/yaml_reader.h"
#include "tests/test_paths.h"

namespace augur::hwdesc {
namespace {

SourceLocation mark_of(const YAML::Mark& m) { return SourceLocation{"f.yaml", m.line + 1, m.column + 1}; }

// yaml-cpp's node as the old reader converted it.
ConfigNode reference(const YAML::Node& node) {
  ConfigNode out;
  out.where = mark_of(node.Mark());
  switch (node.Type()) {
    case YAML::NodeType::Undefined:
    case YAML::NodeType::Null: out.kind = ConfigNode::Kind::Null; break;
    case YAML::NodeType::Scalar:
      out.kind = ConfigNode::Kind::Scalar;
      out.scalar = node.Scalar();
      break;
    case YAML::NodeType::Sequence:
      out.kind = ConfigNode::Kind::Sequence;
      for (const auto& item : node) out.items.push_back(reference(item));
      break;
    case YAML::NodeType::Map:
      out.kind = ConfigNode::Kind::Map;
      for (const auto& kv : node) {
        if (!kv.first.IsScalar()) throw UserError("a key that is not a scalar");
        if (out.find(kv.first.Scalar())) throw UserError("a duplicate key");
        out.entries.push_back(ConfigEntry{kv.first.Scalar(), mark_of(kv.first.Mark()), reference(kv.second)});
      }
      break;
  }
  return out;
}

// The first difference between two trees ("" when equal), with the path where it is.
std::string difference(const ConfigNode& a, const ConfigNode& b, const std::string& path) {
  if (a.kind != b.kind) return path + ": kind " + kind_name(a.kind) + " vs " + kind_name(b.kind);
  // An alias's location is the alias's in both readers; a null's may be unknown to yaml-cpp.
  if (a.kind != ConfigNode::Kind::Null && (a.where.line != b.where.line || a.where.column != b.where.column)) {
    return path + ": at " + a.where.to_string() + " vs " + b.where.to_string();
  }
  if (a.scalar != b.scalar) return path + ": '" + a.scalar + "' vs '" + b.scalar + "'";
  if (a.entries.size() != b.entries.size() || a.items.size() != b.items.size()) return path + ": sizes differ";
  for (size_t i = 0; i < a.entries.size(); ++i) {
    const auto& x = a.entries[i];
    const auto& y = b.entries[i];
    if (x.key != y.key) return path + ": key '" + x.key + "' vs '" + y.key + "'";
    if (x.key_where.line != y.key_where.line || x.key_where.column != y.key_where.column) {
      return path + "/" + x.key + ": key at " + x.key_where.to_string() + " vs " + y.key_where.to_string();
    }
    if (auto d = difference(x.value, y.value, path + "/" + x.key); !d.empty()) return d;
  }
  for (size_t i = 0; i < a.items.size(); ++i) {
    if (auto d = difference(a.items[i], b.items[i], path + "/" + std::to_string(i)); !d.empty()) return d;
  }
  return "";
}

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

TEST(YamlReader, BuildsTheTreeYamlCppBuiltForEveryRepositoryFile) {
  std::vector<std::filesystem::path> files;
  for (const char* dir : {"hwdesc", "tests/data/hw", "tests/data/bad_hw", "tests/data/bad_runtime"}) {
    for (const auto& e : std::filesystem::recursive_directory_iterator(test::repo_path(dir))) {
      if (e.path().extension() == ".yaml") files.push_back(e.path());
    }
  }
  ASSERT_GE(files.size(), 40U);
  int compared = 0;
  for (const auto& file : files) {
    const std::string text = slurp(file);
    // The alias bomb is refused by the budget before expansion (yaml-cpp would take seconds).
    if (file.filename() == "alias_bomb.yaml") {
      EXPECT_THROW(read_yaml_text(text, "f.yaml"), UserError);
      continue;
    }
    std::optional<ConfigNode> expected;
    try {
      const ConfigNode tree = reference(YAML::Load(text));
      if (tree.kind != ConfigNode::Kind::Null) expected = tree;
    } catch (const std::exception&) {
    }
    std::optional<ConfigNode> actual;
    try {
      actual = read_yaml_text(text, "f.yaml");
    } catch (const UserError&) {
    }
    ASSERT_EQ(expected.has_value(), actual.has_value()) << file;
    if (expected) {
      EXPECT_EQ(difference(*expected, *actual, ""), "") << file;
      ++compared;
    }
  }
  EXPECT_GE(compared, 30);
}

TEST(YamlReader, ReadsNullsQuotesAnchorsAndFlowCollectionsAsYamlCpp) {
  const std::string text =
      "a: ~\nb: null\nc: 'null'\nd:\ne: [1, \"two\", {x: y}]\nf: &anchor {p: 1, q: [2]}\ng: *anchor\n"
      "h: |\n  block\n  text\ni: !!str 12\n---\nsecond: document\n";
  EXPECT_EQ(difference(reference(YAML::Load(text)), read_yaml_text(text, "f.yaml"), ""), "");
}

TEST(YamlReader, RefusesWhatTheOldReaderRefused) {
  for (const std::string text : {"a: 1\na: 2\n", "? [x]\n: 1\n", "a: *nowhere\n", "a: [1, 2\n", "\t- x\n"}) {
    EXPECT_THROW(read_yaml_text(text, "f.yaml"), UserError) << text;
  }
  EXPECT_THROW(read_yaml_text("# only a comment\n", "f.yaml"), UserError);
  // Anchors nested 60 deep around 20,000 values would copy 1.2 M values: refused, not slow.
  std::string nested;
  for (int i = 0; i < 60; ++i) nested += "- &a" + std::to_string(i) + " ";
  nested += "[";
  for (int i = 0; i < 20000; ++i) nested += "x,";
  nested += "x]\n";
  EXPECT_THROW(read_yaml_text(nested, "f.yaml"), UserError);
}

}  // namespace
}  // namespace augur::hwdesc
