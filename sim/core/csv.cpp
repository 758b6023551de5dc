// split_csv_record, csv_record_open and csv_records.
#include "sim/core/csv.h"

namespace augur {

std::vector<std::string> split_csv_record(std::string_view line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        out.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        out.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      out.emplace_back();
    } else if (c != '\r') {
      out.back() += c;
    }
  }
  return out;
}

bool csv_record_open(std::string_view text) {
  bool quoted = false;
  for (const char c : text) {
    if (c == '"') quoted = !quoted;  // "" inside quotes toggles twice
  }
  return quoted;
}

std::vector<CsvRecord> csv_records(std::string_view text) {
  std::vector<CsvRecord> out;
  int line = 1;
  size_t pos = 0;
  bool open = false;
  while (pos < text.size()) {
    const size_t newline = text.find('\n', pos);
    const size_t end = newline == std::string_view::npos ? text.size() : newline;
    std::string_view piece = text.substr(pos, end - pos);
    if (open) {
      out.back().text += '\n';
      out.back().text += piece;
    } else {
      if (!piece.empty() && piece.back() == '\r') piece.remove_suffix(1);
      if (!piece.empty()) out.push_back({line, std::string(piece)});
    }
    if (!out.empty() && (open || !piece.empty())) open = csv_record_open(out.back().text);
    ++line;
    pos = end + 1;
  }
  return out;
}

}  // namespace augur
