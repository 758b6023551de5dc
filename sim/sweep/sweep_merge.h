// `augur sweep merge`: joins shard CSVs of one sweep. Each shard's definition sidecar
// (FILE.json) must match the others', every shard of the grid must be there once, and every row
// must be whole; the merged CSV (and its sidecar) is streamed to the output.
#pragma once

#include <string>
#include <vector>

namespace augur::sweep {

// Throws UserError naming the file and the difference: a missing or damaged sidecar, a shard
// of another sweep (board, overrides, varied values, networks, processors, batch, shard grid or
// columns differ), a shard missing or given twice, a row missing, out of place or cut short.
void merge_shards(const std::vector<std::string>& files, const std::string& out_path);

}  // namespace augur::sweep
