// libyaml's event parser -> ConfigNode, with locations. libyaml stays behind this file.
//
// Why libyaml and not yaml-cpp (the first reader): yaml-cpp builds its own node graph with a
// scanner made of regular expressions; reading the TX1 board and the files it uses took 16 M
// instructions (2.5 ms) of a 13 ms `augur simulate` (issue 17). libyaml's events go straight
// into ConfigNode in a tenth of that. The tree is the one yaml-cpp's conversion built (a
// differential test over every YAML file of the repository holds the two equal): the first
// document only, plain `~`/`null`/`Null`/`NULL`/empty scalars as null, quoted ones as text,
// aliases expanded (within the node budget, checked before a copy is made), tags ignored.
#include "sim/hwdesc/yaml_reader.h"

#include <map>
#include <memory>

#include <fmt/format.h>
#include <yaml.h>

#include "sim/core/file_input.h"

namespace augur::hwdesc {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 1 << 20;  // hardware descriptions are small
constexpr int kMaxDepth = 64;                      // deeper nesting is not a hardware description
constexpr size_t kMaxNodes = 100000;  // bounds alias expansion ("billion laughs")
// Bounds the copies anchors make (an anchor inside anchors is copied once per enclosing one).
constexpr size_t kMaxAnchoredNodes = 1000000;

// One libyaml event, released when it goes out of scope.
class Event {
 public:
  Event() = default;
  Event(const Event&) = delete;
  Event& operator=(const Event&) = delete;
  ~Event() { release(); }
  yaml_event_t* get() { return &event_; }
  const yaml_event_t& operator*() const { return event_; }
  void release() {
    if (held_) yaml_event_delete(&event_);
    held_ = false;
  }
  void hold() { held_ = true; }

 private:
  yaml_event_t event_{};
  bool held_ = false;
};

class Reader {
 public:
  Reader(const std::string& text, std::string file) : file_(std::move(file)) {
    if (yaml_parser_initialize(&parser_) == 0) throw InternalError("libyaml: out of memory");
    yaml_parser_set_input_string(&parser_, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  }
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;
  ~Reader() { yaml_parser_delete(&parser_); }

  // The first document's root (Null for an empty stream).
  ConfigNode document() {
    next();  // STREAM-START
    next();
    if ((*event_).type == YAML_STREAM_END_EVENT) return ConfigNode{};
    if ((*event_).type != YAML_DOCUMENT_START_EVENT) throw InternalError("libyaml: no document start");
    next();
    return node(0);
  }

 private:
  SourceLocation where(const yaml_mark_t& mark) const {
    return SourceLocation{file_, static_cast<int>(mark.line) + 1, static_cast<int>(mark.column) + 1};
  }

  void next() {
    event_.release();
    if (yaml_parser_parse(&parser_, event_.get()) == 0) {
      const yaml_mark_t& mark = parser_.problem ? parser_.problem_mark : parser_.mark;
      std::string message = parser_.problem ? parser_.problem : "malformed YAML";
      if (parser_.context != nullptr) message = std::string(parser_.context) + ": " + message;
      throw UserError(where(mark), "YAML syntax error: " + message);
    }
    event_.hold();
  }

  void count(size_t n, const SourceLocation& at) {
    nodes_ += n;
    if (nodes_ > kMaxNodes) {
      throw UserError(at, fmt::format("more than {} values (aliases expanded); not a hardware description", kMaxNodes));
    }
  }

  void remember(const std::string& name, const ConfigNode& node, size_t size) {
    anchored_ += size;
    if (anchored_ > kMaxAnchoredNodes) {
      throw UserError(node.where, fmt::format("anchors copy more than {} values; not a hardware description",
                                              kMaxAnchoredNodes));
    }
    anchors_[name] = Anchored{node, size};
  }

  // The node the current event starts; on return the current event is its last one.
  ConfigNode node(int depth) {
    const yaml_event_t& e = *event_;
    ConfigNode out;
    out.where = where(e.start_mark);
    if (depth > kMaxDepth) throw UserError(out.where, fmt::format("nesting deeper than {} levels", kMaxDepth));
    const size_t before = nodes_;
    count(1, out.where);
    switch (e.type) {
      case YAML_SCALAR_EVENT: {
        const std::string value(reinterpret_cast<const char*>(e.data.scalar.value), e.data.scalar.length);
        const bool plain = e.data.scalar.style == YAML_PLAIN_SCALAR_STYLE;
        if (plain && (value.empty() || value == "~" || value == "null" || value == "Null" || value == "NULL")) {
          out.kind = ConfigNode::Kind::Null;
        } else {
          out.kind = ConfigNode::Kind::Scalar;
          out.scalar = value;
        }
        if (e.data.scalar.anchor != nullptr) remember(reinterpret_cast<const char*>(e.data.scalar.anchor), out, 1);
        return out;
      }
      case YAML_ALIAS_EVENT: {
        const std::string name(reinterpret_cast<const char*>(e.data.alias.anchor));
        const auto it = anchors_.find(name);
        if (it == anchors_.end()) throw UserError(out.where, fmt::format("alias '*{}' names no anchor before it", name));
        count(it->second.size - 1, out.where);  // checked before the copy is made
        return it->second.node;  // located where the anchor is, as yaml-cpp did
      }
      case YAML_SEQUENCE_START_EVENT: {
        out.kind = ConfigNode::Kind::Sequence;
        const yaml_char_t* anchor = e.data.sequence_start.anchor;
        std::string name = anchor != nullptr ? reinterpret_cast<const char*>(anchor) : "";
        for (next(); (*event_).type != YAML_SEQUENCE_END_EVENT; next()) out.items.push_back(node(depth + 1));
        if (!name.empty()) remember(name, out, nodes_ - before);
        return out;
      }
      case YAML_MAPPING_START_EVENT: {
        out.kind = ConfigNode::Kind::Map;
        const yaml_char_t* anchor = e.data.mapping_start.anchor;
        std::string name = anchor != nullptr ? reinterpret_cast<const char*>(anchor) : "";
        for (next(); (*event_).type != YAML_MAPPING_END_EVENT; next()) {
          const SourceLocation key_where = where((*event_).start_mark);
          if ((*event_).type != YAML_SCALAR_EVENT && (*event_).type != YAML_ALIAS_EVENT) {
            throw UserError(key_where, "a key must be a plain name, not a mapping or sequence");
          }
          const ConfigNode key = node(depth + 1);
          if (key.kind != ConfigNode::Kind::Scalar) {
            throw UserError(key_where, "a key must be a plain name, not a mapping or sequence");
          }
          if (const ConfigEntry* previous = out.find(key.scalar)) {
            throw UserError(key_where, fmt::format("duplicate key '{}' (first given at {})", key.scalar,
                                                   previous->key_where.to_string()));
          }
          next();
          out.entries.push_back(ConfigEntry{key.scalar, key_where, node(depth + 1)});
        }
        if (!name.empty()) remember(name, out, nodes_ - before);
        return out;
      }
      default:
        throw InternalError(fmt::format("libyaml: unexpected event {}", static_cast<int>(e.type)));
    }
  }

  struct Anchored {
    ConfigNode node;
    size_t size = 1;  // nodes in it
  };
  yaml_parser_t parser_{};
  Event event_;
  std::string file_;
  std::map<std::string, Anchored> anchors_;
  size_t nodes_ = 0;
  size_t anchored_ = 0;  // nodes copied into anchors_
};

ConfigNode parse(const std::string& text, const std::string& display_name) {
  Reader reader(text, display_name);
  ConfigNode tree = reader.document();
  if (tree.kind == ConfigNode::Kind::Null) {
    throw UserError(SourceLocation{display_name, 1, 1}, "the file is empty");
  }
  return tree;
}

}  // namespace

ConfigNode read_yaml_text(const std::string& text, const std::string& display_name) {
  return parse(text, display_name);
}

ConfigNode read_yaml_file(const std::filesystem::path& path, const std::string& display_name) {
  return parse(read_input_file(path, kMaxFileBytes, "a hardware description", display_name), display_name);
}

}  // namespace augur::hwdesc
