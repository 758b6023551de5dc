// `--set key.path=value` overrides of a hardware description.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "sim/hwdesc/config_tree.h"

namespace augur::hwdesc {

struct Override {
  std::vector<std::string> path;  // {"gpu", "l2", "size"}
  std::string value;              // "1MiB"
  std::string text;               // as given: "gpu.l2.size=1MiB"
};

// How an override is named in messages and in the origin of its value: "--set <text>" unless a
// scope on this thread names it otherwise. A runtime override keeps its processor's prefix
// ("--set gpu_runtime.kernels.layer_sync=20us" for the text "kernels.layer_sync=20us") and a
// sweep names a varied value by the flag and value the user wrote ("--vary gpu.l2.size=1MB").
std::string override_label(const std::string& text);

// While alive, override_label(text) on this thread is label(text) (scopes nest; the innermost
// wins). Not copyable.
class OverrideLabels {
 public:
  explicit OverrideLabels(std::function<std::string(const std::string& text)> label);
  ~OverrideLabels();
  OverrideLabels(const OverrideLabels&) = delete;
  OverrideLabels& operator=(const OverrideLabels&) = delete;

 private:
  std::function<std::string(const std::string&)> label_;
  const OverrideLabels* outer_;
  friend std::string override_label(const std::string& text);
};

// Parses "a.b.c=value". Throws UserError naming the text when it has no '=', an empty key
// segment or an empty value.
Override parse_override(const std::string& text);

// Writes the override into the tree (creating intermediate mappings), marking the value's
// location as override_label(text) ("--set <text>"). Whether the key exists and the value is valid is checked later by
// the schema, exactly as for values written in a file.
void apply_override(ConfigNode& root, const Override& override);

}  // namespace augur::hwdesc
