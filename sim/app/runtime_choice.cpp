// Runtime choice for commands that take a board.
#include "sim/app/runtime_choice.h"

#include <fmt/format.h>

#include "sim/core/error.h"

namespace augur::app {

// `--set cpu_runtime.x=v` / `gpu_runtime.x=v` go to the runtimes; everything else to the board.
SplitOverrides split_overrides(const std::vector<std::string>& all) {
  SplitOverrides s;
  for (const auto& o : all) {
    if (o.rfind("cpu_runtime.", 0) == 0) {
      s.cpu.push_back(o.substr(12));
    } else if (o.rfind("gpu_runtime.", 0) == 0) {
      s.gpu.push_back(o.substr(12));
    } else {
      s.board.push_back(o);
    }
  }
  return s;
}

std::optional<hwdesc::LoadedRuntime> runtime_for(const hwdesc::LoadedPlatform& board,
                                                 ProcessorKind kind, const std::string& explicit_file,
                                                 const std::vector<std::string>& overrides, bool needed) {
  std::optional<std::filesystem::path> file;
  if (!explicit_file.empty()) {
    file = explicit_file;
  } else {
    file = hwdesc::board_runtime_path(board, kind);
  }
  if (!file || !needed) return std::nullopt;
  auto loaded = hwdesc::load_runtime(*file, overrides);
  if (loaded.runtime.processor != kind) {
    throw UserError(fmt::format("{}: is a {} runtime, but it was given for the {}", loaded.file,
                                kind == ProcessorKind::Cpu ? "gpu" : "cpu",
                                kind == ProcessorKind::Cpu ? "cpu" : "gpu"));
  }
  return loaded;
}

}  // namespace augur::app
