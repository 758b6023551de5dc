// Boards named without a path (`--hw jetson-tx1`): looked up in ./hwdesc/boards, then in the
// installed data directory, then in the source tree Augur was built from.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace augur::hwdesc {

// The folders a bare board name is looked up in, in order: ./hwdesc/boards;
// <executable>/../share/augur/hwdesc/boards (wherever the installed binary was moved);
// <configured data dir>/augur/hwdesc/boards; <source tree>/hwdesc/boards.
std::vector<std::filesystem::path> board_search_path();

// `board` itself when it names a file or looks like a path (has a '/' or ends in .yaml/.yml);
// else the first <folder>/<board>.yaml of board_search_path(). Throws UserError listing the
// folders it looked in (and the nearest known board name) when there is none.
std::filesystem::path find_board(const std::string& board);

}  // namespace augur::hwdesc
