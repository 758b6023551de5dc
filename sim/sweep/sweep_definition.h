// What a sweep shard was computed from (board, overrides, varied keys and values, networks,
// processors, network options, shard grid, columns) as JSON with a hash, written beside each
// CSV as FILE.json so `sweep merge` can refuse shards of different sweeps.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "sim/sweep/sweep.h"

namespace augur::sweep {

inline constexpr const char* kDefinitionFormat = "augur-sweep-definition/1";

// The definition of `result`'s shard of `spec`'s sweep; `columns` is the CSV header line.
// Members: format, board, overrides, varies [{key, values, labels}], networks, processors,
// batch (null: the files'), dims, allow_unknown, points, shard_count, columns, shard_index, hash.
nlohmann::json sweep_definition(const SweepSpec& spec, const SweepResult& meta, const std::string& columns);

// FNV-1a (64 bit, hex) of every member but shard_index and hash: equal for all shards of a sweep.
std::string definition_hash(const nlohmann::json& definition);

// The sidecar of a CSV file: "FILE.json".
std::string definition_path(const std::string& csv_path);

}  // namespace augur::sweep
