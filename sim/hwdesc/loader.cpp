// load_platform: compose -> override -> validate -> derive -> check -> build.
#include "sim/hwdesc/loader.h"

#include <algorithm>
#include <optional>
#include <utility>

#include "sim/hwdesc/board_search.h"
#include "sim/hwdesc/checks.h"
#include "sim/hwdesc/compose.h"
#include "sim/hwdesc/overrides.h"
#include "sim/hwdesc/platform_builder.h"
#include "sim/hwdesc/schema.h"
#include "sim/hwdesc/validate.h"
#include "sim/hwdesc/yaml_reader.h"

namespace augur::hwdesc {
namespace {

// The processors' names in board order ("processors:" entries), empty when there are none.
std::vector<std::string> processor_names(const ConfigNode& tree) {
  std::vector<std::string> names;
  const ConfigEntry* processors = tree.kind == ConfigNode::Kind::Map ? tree.find("processors") : nullptr;
  if (processors == nullptr || processors->value.kind != ConfigNode::Kind::Map) return names;
  for (const auto& e : processors->value.entries) names.push_back(e.key);
  return names;
}

LoadedPlatform finish(ConfigNode tree, const std::string& display,
                      const std::vector<std::string>& overrides) {
  const std::vector<std::string> names = processor_names(tree);
  for (const auto& text : overrides) {
    Override o = parse_override(text);
    // A processor's keys are addressed by its name: gpu.l2.size is processors.gpu.l2.size.
    if (std::find(names.begin(), names.end(), o.path.front()) != names.end()) {
      o.path.insert(o.path.begin(), "processors");
    }
    apply_override(tree, o);
  }
  LoadedPlatform out;
  out.values = validate(tree, board_schema());
  derive_missing(out.values);
  check_consistency(out.values);
  out.platform = build_platform(out.values, names);
  out.board_file = display;
  out.overrides = overrides;
  return out;
}

}  // namespace

namespace {

bool is_derived(const std::pair<const std::string, ResolvedValue>& entry) {
  return entry.second.origin.kind == Origin::Kind::Derived;
}

// base's values without the derived ones (what the patches apply to).
ResolvedValues given_values(const LoadedPlatform& base) {
  ResolvedValues values = base.values;  // copied whole (no comparisons), then the derived values dropped
  std::erase_if(values, is_derived);
  return values;
}

// `patches` written into `values` (base's given values), the derived values added, the cross-field
// checks run and the Platform built; each processor's runtime file is the base's unless a patch
// names a runtime (no path search, no file-system call).
Platform build_patched(const LoadedPlatform& base, const std::vector<ValuePatch>& patches, ResolvedValues& values) {
  bool runtime_patched = false;
  for (const auto& p : patches) {
    values[p.path] = p.value;
    runtime_patched = runtime_patched || p.path.ends_with(".runtime");
  }
  derive_missing(values);
  check_consistency(values);
  std::vector<std::string> names;
  for (const auto& proc : base.platform.processors) names.push_back(proc.name);
  return build_platform(values, names, runtime_patched ? nullptr : &base.platform);
}

}  // namespace

LoadedPlatform with_values(const LoadedPlatform& base, const std::vector<ValuePatch>& patches) {
  LoadedPlatform out;
  out.board_file = base.board_file;
  out.overrides = base.overrides;
  for (const auto& p : patches) out.overrides.push_back(p.text);
  out.values = given_values(base);
  out.platform = build_patched(base, patches, out.values);
  return out;
}

Platform patched_platform(const LoadedPlatform& base, const std::vector<ValuePatch>& patches, ResolvedValues& scratch) {
  if (scratch.empty()) scratch = given_values(base);
  // What the patches replace, to put back (also when a check throws), and the derived values dropped.
  std::vector<std::pair<std::string, std::optional<ResolvedValue>>> saved;
  for (const auto& p : patches) {
    const auto it = scratch.find(p.path);
    saved.emplace_back(p.path, it == scratch.end() ? std::nullopt : std::optional<ResolvedValue>(it->second));
  }
  struct Restore {
    ResolvedValues& values;
    std::vector<std::pair<std::string, std::optional<ResolvedValue>>>& saved;
    ~Restore() {
      std::erase_if(values, is_derived);
      for (auto it = saved.rbegin(); it != saved.rend(); ++it) {
        if (it->second) {
          values[it->first] = std::move(*it->second);
        } else {
          values.erase(it->first);
        }
      }
    }
  } restore{scratch, saved};
  return build_patched(base, patches, scratch);
}

BoardTemplate load_board_template(const std::filesystem::path& board) {
  const auto board_file = find_board(board.string());  // a path, or a board name (board_search.h)
  return BoardTemplate{load_composed(board_file), board_file.string()};
}

LoadedPlatform instantiate(const BoardTemplate& board, const std::vector<std::string>& overrides) {
  return finish(board.tree, board.file, overrides);
}

LoadedPlatform load_platform(const std::filesystem::path& board,
                             const std::vector<std::string>& overrides) {
  const auto board_file = find_board(board.string());  // a path, or a board name (board_search.h)
  return finish(load_composed(board_file), board_file.string(), overrides);
}

LoadedPlatform load_platform_from_text(const std::string& yaml_text,
                                       const std::string& display_name,
                                       const std::vector<std::string>& overrides) {
  return finish(read_yaml_text(yaml_text, display_name), display_name, overrides);
}

}  // namespace augur::hwdesc
