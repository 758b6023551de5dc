// find_board and its search path (the install and source locations come from CMake).
#include "sim/hwdesc/board_search.h"

#include <dlfcn.h>
#include <unistd.h>

#include <algorithm>
#include <set>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/suggest.h"

#ifndef AUGUR_INSTALL_DATA_DIR
#define AUGUR_INSTALL_DATA_DIR ""
#endif
#ifndef AUGUR_SOURCE_TREE
#define AUGUR_SOURCE_TREE ""
#endif

namespace augur::hwdesc {
namespace {

bool looks_like_path(const std::string& s) {
  const auto ends_with = [&](const char* suffix) {
    const std::string x(suffix);
    return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
  };
  return s.find('/') != std::string::npos || ends_with(".yaml") || ends_with(".yml");
}

std::filesystem::path executable_dir() {
  std::error_code ec;
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return ec ? std::filesystem::path() : exe.parent_path();
}

// The folder of the shared object this code is in when it is not the executable (the Python
// module, installed in P/lib/python3.X/dist-packages); empty otherwise.
std::filesystem::path module_dir() {
  Dl_info info{};
  if (::dladdr(reinterpret_cast<void*>(&executable_dir), &info) == 0 || info.dli_fname == nullptr) return {};
  std::error_code ec;
  const auto module = std::filesystem::weakly_canonical(info.dli_fname, ec);
  const auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
  return module.empty() || module == exe ? std::filesystem::path() : module.parent_path();
}

}  // namespace

std::vector<std::filesystem::path> board_search_path() {
  std::vector<std::filesystem::path> out{std::filesystem::path("hwdesc") / "boards"};
  if (const auto exe = executable_dir(); !exe.empty()) {
    out.push_back((exe / ".." / "share" / "augur" / "hwdesc" / "boards").lexically_normal());
  }
  if (const auto module = module_dir(); !module.empty()) {  // P/lib/python3.X/dist-packages -> P
    out.push_back((module / ".." / ".." / ".." / "share" / "augur" / "hwdesc" / "boards").lexically_normal());
  }
  if (std::string(AUGUR_INSTALL_DATA_DIR) != "") out.push_back(std::filesystem::path(AUGUR_INSTALL_DATA_DIR) / "hwdesc" / "boards");
  if (std::string(AUGUR_SOURCE_TREE) != "") out.push_back(std::filesystem::path(AUGUR_SOURCE_TREE) / "hwdesc" / "boards");
  // The same folder twice (running from the source tree) is looked in once.
  std::vector<std::filesystem::path> unique;
  std::set<std::filesystem::path> seen;
  for (const auto& p : out) {
    std::error_code ec;
    const auto key = std::filesystem::weakly_canonical(p, ec);
    if (seen.insert(ec ? p : key).second) unique.push_back(p);
  }
  return unique;
}

std::filesystem::path find_board(const std::string& board) {
  std::error_code ec;
  if (board.empty() || looks_like_path(board) || std::filesystem::exists(board, ec)) return board;
  std::vector<std::string> known, looked;
  for (const auto& dir : board_search_path()) {
    const auto candidate = dir / (board + ".yaml");
    if (std::filesystem::is_regular_file(candidate, ec)) return candidate;
    looked.push_back(dir.string());
    for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
      if (entry.path().extension() == ".yaml") known.push_back(entry.path().stem().string());
    }
  }
  std::string where;
  for (const auto& l : looked) where += (where.empty() ? "" : ", ") + l;
  throw UserError(fmt::format("--hw {}: no board of that name (looked for {}.yaml in {}){}", board, board, where,
                              did_you_mean(board, known)));
}

std::optional<std::filesystem::path> find_description_file(const std::string& written,
                                                           const std::filesystem::path& naming_dir,
                                                           const std::string& folder,
                                                           std::vector<std::string>* looked) {
  const std::filesystem::path relative(written);
  std::vector<std::filesystem::path> candidates{relative.is_absolute() ? relative : naming_dir / relative};
  if (relative.is_relative()) {
    for (const auto& dir : board_search_path()) candidates.push_back(dir / relative);
    if (!folder.empty() && relative.has_filename()) {
      for (const auto& dir : board_search_path()) candidates.push_back(dir / ".." / folder / relative.filename());
    }
  }
  std::error_code ec;
  for (auto& c : candidates) {
    c = c.lexically_normal();
    if (looked != nullptr && std::find(looked->begin(), looked->end(), c.string()) == looked->end()) {
      looked->push_back(c.string());
    }
    if (std::filesystem::is_regular_file(c, ec)) return c;
  }
  return std::nullopt;
}

}  // namespace augur::hwdesc
