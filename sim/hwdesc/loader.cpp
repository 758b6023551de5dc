// load_platform: compose -> override -> validate -> derive -> check -> build.
#include "sim/hwdesc/loader.h"

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

LoadedPlatform finish(ConfigNode tree, const std::string& display,
                      const std::vector<std::string>& overrides) {
  for (const auto& text : overrides) {
    apply_override(tree, parse_override(text));
  }
  LoadedPlatform out;
  out.values = validate(tree, board_schema());
  derive_missing(out.values);
  check_consistency(out.values);
  out.platform = build_platform(out.values);
  out.board_file = display;
  out.overrides = overrides;
  return out;
}

}  // namespace

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
