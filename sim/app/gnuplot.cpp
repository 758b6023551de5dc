// gnuplot quoting, the private plot directory and the no-shell gnuplot run.
#include "sim/app/gnuplot.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include <fmt/format.h>

#include "sim/core/atomic_output.h"
#include "sim/core/error.h"
#include "sim/core/file_input.h"
#include "sim/core/subprocess.h"
#include "sim/core/text_escape.h"

namespace augur::app {
namespace {

constexpr std::uintmax_t kMaxPngBytes = 256u << 20;

std::string without_controls(std::string_view text) {
  std::string s = valid_utf8(text);
  for (char& c : s) {
    const auto u = static_cast<unsigned char>(c);
    if (u < 0x20 || u == 0x7F) c = ' ';
  }
  return s;
}

}  // namespace

std::string gnuplot_string(std::string_view text) {
  std::string out = "'";
  for (char c : without_controls(text)) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string gnuplot_data_label(std::string_view text) {
  std::string s = without_controls(text);
  for (char& c : s) {
    if (c == '"') c = '\'';
  }
  return "\"" + s + "\"";
}

PlotDirectory::PlotDirectory() {
  std::error_code ec;
  auto base = std::filesystem::temp_directory_path(ec);
  if (ec) base = "/tmp";
  std::string pattern = (base / "augur-plot-XXXXXX").string();
  std::vector<char> name(pattern.begin(), pattern.end());
  name.push_back('\0');
  if (::mkdtemp(name.data()) == nullptr) {
    throw UserError(fmt::format("--plot: cannot create a temporary directory in {} ({})", base.string(), std::strerror(errno)));
  }
  dir_ = name.data();
}

PlotDirectory::~PlotDirectory() {
  std::error_code ec;
  std::filesystem::remove_all(dir_, ec);
}

std::filesystem::path PlotDirectory::write_file(const std::string& name, std::string_view content) {
  const auto file = dir_ / name;
  const int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
  if (fd < 0) throw UserError(fmt::format("--plot: cannot create {} ({})", file.string(), std::strerror(errno)));
  while (!content.empty()) {
    const ssize_t n = ::write(fd, content.data(), content.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      const int err = errno;
      ::close(fd);
      throw UserError(fmt::format("--plot: cannot write {} ({})", file.string(), std::strerror(err)));
    }
    content.remove_prefix(static_cast<size_t>(n));
  }
  if (::close(fd) != 0) throw UserError(fmt::format("--plot: cannot write {} ({})", file.string(), std::strerror(errno)));
  return file;
}

void require_gnuplot() {
  if (!find_program("gnuplot")) {
    throw UserError("--plot needs gnuplot (Debian package gnuplot-nox; scripts/setup-deps.sh installs it)");
  }
}

void draw_with_gnuplot(PlotDirectory& work, const std::string& script, const std::string& png_name,
                       const std::string& target, const std::string& what) {
  require_gnuplot();
  const auto errors = work.path(png_name + ".err");
  const ProgramResult r = run_program({"gnuplot"}, script, errors.string());
  if (!r.ok()) {
    std::string first;
    try {
      const std::string text = read_input_file(errors, 1 << 20, "gnuplot's messages");
      const size_t start = text.find_first_not_of(" \n");
      if (start != std::string::npos) {
        const auto end = text.find('\n', start);
        first = text.substr(start, end == std::string::npos ? std::string::npos : end - start);
      }
    } catch (const UserError&) {
    }
    throw UserError(fmt::format("--plot: gnuplot failed on {}{}{}", what, first.empty() ? "" : ": ",
                                terminal_text(first.substr(0, 200))));
  }
  write_file_atomically(target, read_input_file(work.path(png_name), kMaxPngBytes, "a PNG from gnuplot"),
                        "--plot " + target);
}

}  // namespace augur::app
