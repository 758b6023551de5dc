// Sweep definitions and their hash.
#include "sim/sweep/sweep_definition.h"

#include <cstdint>

#include <fmt/format.h>

namespace augur::sweep {

nlohmann::json sweep_definition(const SweepSpec& spec, const SweepResult& meta, const std::string& columns) {
  nlohmann::json varies = nlohmann::json::array();
  for (const auto& v : spec.varies) varies.push_back({{"key", v.key}, {"values", v.values}, {"labels", v.labels}});
  nlohmann::json d = nlohmann::json::object();
  d["format"] = kDefinitionFormat;
  d["board"] = spec.board;
  d["overrides"] = spec.overrides;
  nlohmann::json runtimes = nlohmann::json::object();
  for (const auto& [processor, file] : spec.runtime_files) runtimes[processor] = file;
  d["runtime_files"] = runtimes;
  d["varies"] = varies;
  d["networks"] = spec.networks;
  d["processors"] = spec.processors;
  d["batch"] = spec.network.batch ? nlohmann::json(*spec.network.batch) : nlohmann::json(nullptr);
  d["dims"] = spec.network.dims;
  d["allow_unknown"] = spec.network.allow_unknown;
  d["points"] = meta.total_points;
  d["shard_count"] = meta.shard.count;
  d["columns"] = columns;
  d["shard_index"] = meta.shard.index;
  d["hash"] = definition_hash(d);
  return d;
}

std::string definition_hash(const nlohmann::json& definition) {
  nlohmann::json copy = definition;
  if (copy.is_object()) {
    copy.erase("shard_index");
    copy.erase("hash");
  }
  const std::string text = copy.dump(-1, ' ', true, nlohmann::json::error_handler_t::replace);
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : text) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  return fmt::format("{:016x}", h);
}

std::string definition_path(const std::string& csv_path) { return csv_path + ".json"; }

}  // namespace augur::sweep
