// Boards named without a path (`--hw jetson-tx1`): looked up in ./hwdesc/boards, then in the
// installed data directory, then in the source tree Augur was built from.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace augur::hwdesc {

// The folders a bare board name is looked up in, in order: ./hwdesc/boards;
// <executable>/../share/augur/hwdesc/boards (wherever the installed binary was moved); in the
// Python module, <module>/../../../share/augur/hwdesc/boards (P/lib/python3.X/dist-packages);
// <configured data dir>/augur/hwdesc/boards; <source tree>/hwdesc/boards.
std::vector<std::filesystem::path> board_search_path();

// `board` itself when it names a file or looks like a path (has a '/' or ends in .yaml/.yml);
// else the first <folder>/<board>.yaml of board_search_path(). Throws UserError listing the
// folders it looked in (and the nearest known board name) when there is none.
std::filesystem::path find_board(const std::string& board);

// A file a description names (`use:`, a processor's `runtime:`), as written: an absolute path as
// is; a relative one relative to `naming_dir` (the folder of the file that names it), then to each
// folder of board_search_path(), so that a board copied out of the tree still finds
// `../runtimes/x.yaml` and `../gpus/x.yaml`; with `folder` non-empty (e.g. "runtimes"), also as a
// file name in <each search folder>/../<folder>/ (`runtime: caffe-cublas-gm20b.yaml`). nullopt
// when none is a regular file; `looked` (when given) gets every candidate tried, in order.
std::optional<std::filesystem::path> find_description_file(const std::string& written,
                                                           const std::filesystem::path& naming_dir,
                                                           const std::string& folder = "",
                                                           std::vector<std::string>* looked = nullptr);

}  // namespace augur::hwdesc
