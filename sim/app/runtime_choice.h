// Shared by the commands that take a board: splitting `--set` between the board and the
// runtimes, and finding the runtime for a processor.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"

namespace augur::app {

struct SplitOverrides {
  std::vector<std::string> board, cpu, gpu;
};

// `--set cpu_runtime.x=v` / `gpu_runtime.x=v` go to the runtimes; everything else to the board.
SplitOverrides split_overrides(const std::vector<std::string>& all);

// The runtime of `kind`: `explicit_file` if given, else the board's; nullopt when none is named
// or it is not `needed`. Throws UserError when the file is a runtime for the other processor.
std::optional<hwdesc::LoadedRuntime> runtime_for(const hwdesc::LoadedPlatform& board, ProcessorKind kind,
                                                 const std::string& explicit_file,
                                                 const std::vector<std::string>& overrides, bool needed);

}  // namespace augur::app
