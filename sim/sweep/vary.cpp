// Parsing of --vary value sets.
#include "sim/sweep/vary.h"

#include <cmath>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/suggest.h"
#include "sim/core/units.h"
#include "sim/hwdesc/runtime_schema.h"
#include "sim/hwdesc/schema.h"

namespace augur::sweep {
namespace {

constexpr size_t kMaxValues = 100000;
constexpr double kMaxBatch = 1073741824.0;  // 2^30, the limit of every layer dimension

std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t"), b = s.find_last_not_of(" \t");
  return a == std::string::npos ? "" : s.substr(a, b - a + 1);
}

// The schema field of a key: a board key (a processor's keys by its name), or NAME_runtime.KEY,
// a key of processor NAME's runtime.
const hwdesc::FieldSchema* field_of(const std::string& key) {
  const auto marker = key.find("_runtime.");
  if (marker != std::string::npos && marker > 0 && key.find('.') == marker + 8) {
    return hwdesc::find_field(hwdesc::runtime_schema(), key.substr(marker + 9));
  }
  return hwdesc::find_field(hwdesc::board_schema(), key);
}

// Every field path under `section`, each prefixed with `prefix` (named entries such as GEMM tiles
// are left out: their names are the user's).
void add_field_paths(const hwdesc::SectionSchema& section, const std::string& prefix, std::vector<std::string>& out) {
  for (const auto& f : section.fields) out.push_back(prefix + f.key);
  for (const auto& sub : section.sections) {
    if (sub.named_entry.empty()) add_field_paths(sub, prefix + sub.key + ".", out);
  }
}

// The keys a misspelt --vary key may have meant: the runtime keys of the same processor, or the
// board's keys, a processor's keys under the key's first segment (its processor's name).
std::vector<std::string> keys_like(const std::string& key) {
  std::vector<std::string> out;
  const auto marker = key.find("_runtime.");
  if (marker != std::string::npos && marker > 0) {
    add_field_paths(hwdesc::runtime_schema(), key.substr(0, marker + 9), out);
    return out;
  }
  const std::string processor = key.substr(0, key.find('.'));
  for (const auto& section : hwdesc::board_schema().sections) {
    for (const auto& variant : section.variants) add_field_paths(variant, processor + ".", out);
    if (section.variants.empty()) add_field_paths(section, section.key + ".", out);
  }
  for (const auto& f : hwdesc::board_schema().fields) out.push_back(f.key);
  return out;
}

std::string exact(double value, Dimension d) {
  const auto unit = base_unit_name(d);
  return unit.empty() ? fmt::format("{:.17g}", value) : fmt::format("{:.17g} {}", value, unit);
}

double parse_in(const std::string& text, Dimension d, const std::string& where) {
  try {
    return parse_quantity(text, d);
  } catch (const UserError& e) {
    throw UserError(fmt::format("{}: {}", where, e.what()));
  }
}

}  // namespace

Vary parse_vary(const std::string& text) {
  const std::string where = "--vary " + text;
  const auto eq = text.find('=');
  if (eq == std::string::npos) throw UserError(where + ": expected KEY=VALUES (e.g. gpu.l2.size=128KiB..4MiB*2)");
  Vary v;
  v.key = trim(text.substr(0, eq));
  const std::string spec = trim(text.substr(eq + 1));
  const hwdesc::FieldSchema* field = v.is_batch() || v.is_runtime_file() ? nullptr : field_of(v.key);
  if (v.is_runtime_file()) {  // a list of files: text values
    if (spec.empty()) throw UserError(where + ": no values");
    if (spec.find("..") != std::string::npos) throw UserError(where + ": runtime files are given as a list A.yaml,B.yaml");
    for (size_t start = 0; start <= spec.size();) {
      const auto comma = spec.find(',', start);
      const std::string item = trim(spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (item.empty()) throw UserError(where + ": empty value in the list");
      v.values.push_back(item);
      v.labels.push_back(item);
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    return v;
  }
  if (field == nullptr && !v.is_batch()) {
    throw UserError(where + ": '" + v.key + "' is not a key of a board or runtime description" + did_you_mean(v.key, keys_like(v.key)));
  }
  if (spec.empty()) throw UserError(where + ": no values");
  const Dimension d = field != nullptr ? field->dimension : Dimension::Count;
  v.dimension = d;
  const auto dots = spec.find("..");
  if (dots == std::string::npos) {  // a list
    size_t start = 0;
    while (start <= spec.size()) {
      const auto comma = spec.find(',', start);
      const std::string item = trim(spec.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (item.empty()) throw UserError(where + ": empty value in the list");
      if (d == Dimension::Text) {
        v.values.push_back(item);
        v.labels.push_back(item);
      } else {
        const double x = parse_in(item, d, where);
        v.numbers.push_back(x);
        v.values.push_back(exact(x, d));
        v.labels.push_back(item);
      }
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
  } else {
    if (d == Dimension::Text) throw UserError(where + ": a range needs a numeric key");
    const std::string from_text = trim(spec.substr(0, dots));
    std::string rest = spec.substr(dots + 2);
    char op = '+';
    std::string step_text = d == Dimension::Count || d == Dimension::Real ? "1" : "";
    const auto at = rest.find_first_of("*+", 1);
    if (at != std::string::npos) {
      op = rest[at];
      step_text = trim(rest.substr(at + 1));
      rest = rest.substr(0, at);
    }
    const double from = parse_in(from_text, d, where), to = parse_in(trim(rest), d, where);
    if (to < from) throw UserError(where + ": the range descends");
    if (op == '*') {
      const double factor = parse_in(step_text, Dimension::Real, where);
      if (!(factor > 1)) throw UserError(where + ": a geometric factor must be greater than 1");
      if (!(from > 0)) throw UserError(where + ": a geometric range must start above zero");
      for (double x = from; x <= to * (1 + 1e-12); x *= factor) {
        if (v.values.size() >= kMaxValues) throw UserError(fmt::format("{}: more than {} values", where, kMaxValues));
        v.numbers.push_back(x);
        v.values.push_back(exact(x, d));
        v.labels.push_back(format_quantity(x, d));
      }
    } else {
      if (step_text.empty()) throw UserError(where + ": a range of quantities needs a step with its unit (e.g. 1GB/s..4GB/s+1GB/s)");
      const double step = parse_in(step_text, d, where);
      if (!(step > 0)) throw UserError(where + ": the step must be greater than zero");
      const double count = std::floor((to - from) / step * (1 + 1e-12)) + 1;
      if (count > kMaxValues) throw UserError(fmt::format("{}: more than {} values", where, kMaxValues));
      for (int i = 0; i < static_cast<int>(count); ++i) {
        const double x = from + i * step;
        v.numbers.push_back(x);
        v.values.push_back(exact(x, d));
        v.labels.push_back(format_quantity(x, d));
      }
    }
  }
  if (v.values.size() > kMaxValues) throw UserError(fmt::format("{}: more than {} values", where, kMaxValues));
  if (v.is_batch()) {
    for (const double n : v.numbers) {
      if (n != std::floor(n) || n < 1 || n > kMaxBatch) {
        throw UserError(fmt::format("{}: a batch is a whole number from 1 to 2^30, got {}", where, n));
      }
    }
  }
  return v;
}

}  // namespace augur::sweep
