// Lookup helpers of the config tree.
#include "sim/hwdesc/config_tree.h"

namespace augur::hwdesc {

const ConfigEntry* ConfigNode::find(const std::string& key) const {
  for (const auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

ConfigEntry* ConfigNode::find(const std::string& key) {
  for (auto& e : entries) {
    if (e.key == key) return &e;
  }
  return nullptr;
}

const char* kind_name(ConfigNode::Kind kind) {
  switch (kind) {
    case ConfigNode::Kind::Null: return "null";
    case ConfigNode::Kind::Scalar: return "scalar";
    case ConfigNode::Kind::Map: return "mapping";
    case ConfigNode::Kind::Sequence: return "sequence";
  }
  return "?";
}

}  // namespace augur::hwdesc
