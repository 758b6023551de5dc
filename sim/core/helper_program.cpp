// Finding a helper program beside the running binary or in the install's libexec folder.
#include "sim/core/helper_program.h"

#include <unistd.h>

#include <array>
#include <filesystem>
#include <vector>

#include "sim/core/error.h"

namespace augur {

std::string find_helper_program(const std::string& name, const std::string& needed_for) {
  std::array<char, 4096> self{};
  const ssize_t n = ::readlink("/proc/self/exe", self.data(), self.size() - 1);
  std::vector<std::filesystem::path> candidates;
  if (n > 0) {
    const auto dir = std::filesystem::path(std::string(self.data(), static_cast<size_t>(n))).parent_path();
    candidates.push_back(dir / name);
    candidates.push_back(dir.parent_path() / "libexec" / "augur" / name);
  }
  candidates.push_back(std::filesystem::path(AUGUR_INSTALL_LIBEXEC_DIR) / name);
  std::string looked;
  for (const auto& c : candidates) {
    if (::access(c.c_str(), X_OK) == 0) return c.string();
    looked += (looked.empty() ? "" : ", ") + c.string();
  }
  throw UserError(needed_for + ": the helper program " + name + " is not installed (looked for " + looked +
                  "); it is built and installed with augur");
}

}  // namespace augur
