// Drawing with gnuplot safely: a private mkdtemp directory for data, the script on gnuplot's
// stdin (no shell), every user string quoted for gnuplot's language, the PNG moved into place.
#pragma once

#include <filesystem>
#include <string>
#include <string_view>

namespace augur::app {

// A gnuplot single-quoted string literal: '' for ', control characters as spaces, valid UTF-8.
// Inside single quotes gnuplot does no backquote or macro substitution and no escapes.
std::string gnuplot_string(std::string_view text);

// A double-quoted label for a gnuplot data file (a column read with xtic()): " becomes ',
// control characters become spaces; data columns are never evaluated.
std::string gnuplot_data_label(std::string_view text);

// A private temporary directory (mkdtemp, mode 0700) removed with its files on destruction.
class PlotDirectory {
 public:
  PlotDirectory();
  ~PlotDirectory();
  PlotDirectory(const PlotDirectory&) = delete;
  PlotDirectory& operator=(const PlotDirectory&) = delete;

  // Creates `name` in the directory with O_CREAT|O_EXCL|O_NOFOLLOW and writes `content`;
  // returns its path.
  std::filesystem::path write_file(const std::string& name, std::string_view content);
  std::filesystem::path path(const std::string& name) const { return dir_ / name; }

 private:
  std::filesystem::path dir_;
};

// Throws UserError naming the Debian package when gnuplot is not on $PATH.
void require_gnuplot();

// Runs gnuplot on `script` (which must `set output` to `work.path(png_name)`), then moves that
// PNG atomically to `target`. `what` names the figure in errors, which quote gnuplot's first
// error line.
void draw_with_gnuplot(PlotDirectory& work, const std::string& script, const std::string& png_name,
                       const std::string& target, const std::string& what);

}  // namespace augur::app
