// YAML and JSON views of a LoadedPlatform.
#include "sim/report/platform_view.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/version.h"
#include "sim/hwdesc/derived.h"
#include "sim/hwdesc/schema.h"

namespace augur::report {
namespace {

using hwdesc::LoadedPlatform;
using hwdesc::SectionSchema;

// YAML needs quotes for text that would otherwise parse as something else.
std::string yaml_scalar(const std::string& text) {
  const bool plain = !text.empty() && text.find_first_of(":#{}[]&*!|>'\"%@`,") == std::string::npos &&
                     text.front() != ' ' && text.back() != ' ' && text.front() != '-' &&
                     text.find_first_not_of("0123456789.eE+") != std::string::npos;
  return plain ? text : nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

void yaml_section(std::string& out, const LoadedPlatform& loaded, const SectionSchema& schema,
                  const std::string& prefix, int indent) {
  const std::string pad(static_cast<size_t>(indent) * 2, ' ');
  for (const auto& field : schema.fields) {
    const auto it = loaded.values.find(prefix + field.key);
    if (it == loaded.values.end()) continue;
    const auto& v = it->second;
    const std::string shown = v.dimension == Dimension::Text ? yaml_scalar(v.text) : v.text;
    const std::string line = fmt::format("{}{}: {}", pad, field.key, shown);
    out += fmt::format("{:<48} # {}\n", line, v.origin.to_string());
  }
  for (const auto& sub : schema.sections) {
    out += fmt::format("{}{}:\n", pad, sub.key);
    if (!sub.variants.empty()) {  // processors, each addressed by its name
      for (const auto& proc : loaded.platform.processors) {
        const SectionSchema* variant = sub.variant(proc.model);
        if (variant == nullptr) continue;
        out += fmt::format("{}  {}:\n", pad, proc.name);
        yaml_section(out, loaded, *variant, proc.name + ".", indent + 2);
      }
      continue;
    }
    yaml_section(out, loaded, sub, prefix + sub.key + ".", indent + 1);
  }
}

nlohmann::json json_section(const LoadedPlatform& loaded, const SectionSchema& schema,
                            const std::string& prefix) {
  nlohmann::json out = nlohmann::json::object();
  for (const auto& field : schema.fields) {
    const auto it = loaded.values.find(prefix + field.key);
    if (it == loaded.values.end()) continue;
    const auto& v = it->second;
    nlohmann::json leaf;
    if (v.dimension == Dimension::Text) {
      leaf["value"] = v.text;
    } else {
      leaf["value"] = v.number;
    }
    leaf["unit"] = std::string(base_unit_name(v.dimension));
    leaf["text"] = v.text;
    leaf["origin"] = v.origin.to_string();
    out[field.key] = std::move(leaf);
  }
  for (const auto& sub : schema.sections) {
    if (!sub.variants.empty()) {  // processors, each addressed by its name
      nlohmann::json processors = nlohmann::json::object();
      for (const auto& proc : loaded.platform.processors) {
        if (const SectionSchema* variant = sub.variant(proc.model)) {
          processors[proc.name] = json_section(loaded, *variant, proc.name + ".");
        }
      }
      out[sub.key] = std::move(processors);
      continue;
    }
    out[sub.key] = json_section(loaded, sub, prefix + sub.key + ".");
  }
  return out;
}

}  // namespace

std::string platform_yaml(const LoadedPlatform& loaded) {
  std::string out = fmt::format("# Augur {}: resolved hardware description\n# board: {}\n",
                                kVersion, loaded.board_file);
  for (const auto& o : loaded.overrides) out += fmt::format("# --set {}\n", o);
  yaml_section(out, loaded, hwdesc::board_schema(), "", 0);
  out += "derived:\n";
  for (const auto& d : derived_values(loaded.platform)) {
    const std::string line = fmt::format("  {}: {:.6g}", d.path, d.value);
    out += fmt::format("{:<48} # {}; {}\n", line, d.unit, d.formula);
  }
  return out;
}

nlohmann::json platform_json(const LoadedPlatform& loaded) {
  nlohmann::json out;
  out["augur_version"] = kVersion;
  out["board_file"] = loaded.board_file;
  out["overrides"] = loaded.overrides;
  out["platform"] = json_section(loaded, hwdesc::board_schema(), "");
  nlohmann::json derived = nlohmann::json::object();
  for (const auto& d : derived_values(loaded.platform)) {
    derived[d.path] = {{"value", d.value}, {"unit", d.unit}, {"formula", d.formula}};
  }
  out["derived"] = std::move(derived);
  return out;
}

}  // namespace augur::report
