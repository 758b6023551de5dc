// A YAML document as a plain tree that remembers where every key and value was written.
// The YAML reader produces it, composition (`use:`) and `--set` overrides edit it, and the
// schema validator consumes it. Nothing outside yaml_reader.cpp sees the YAML library.
#pragma once

#include <string>
#include <vector>

#include "sim/core/error.h"

namespace augur::hwdesc {

struct ConfigEntry;

struct ConfigNode {
  enum class Kind { Null, Scalar, Map, Sequence };

  Kind kind = Kind::Null;
  std::string scalar;                // Kind::Scalar
  std::vector<ConfigEntry> entries;  // Kind::Map, in file order, keys unique
  std::vector<ConfigNode> items;     // Kind::Sequence
  SourceLocation where;              // where the value starts

  // The entry with this key, or nullptr.
  const ConfigEntry* find(const std::string& key) const;
  ConfigEntry* find(const std::string& key);
};

struct ConfigEntry {
  std::string key;
  SourceLocation key_where;
  ConfigNode value;
};

// "mapping", "scalar", "sequence" or "null": for error messages.
const char* kind_name(ConfigNode::Kind kind);

}  // namespace augur::hwdesc
