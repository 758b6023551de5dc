// Fittable runtime keys.
#include "sim/calibrate/fit_parameters.h"

#include <algorithm>
#include <cmath>
#include <set>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/error.h"
#include "sim/core/suggest.h"
#include "sim/hwdesc/runtime_schema.h"
#include "sim/hwdesc/schema.h"

namespace augur::calibrate {
namespace {

FitParameter make_parameter(const std::string& path, const hwdesc::FieldSchema& field, const hwdesc::ResolvedValue& value) {
  FitParameter p{path, field.dimension, field.fit->lo, field.fit->hi, value.number};
  p.initial = std::clamp(p.initial, p.lo, p.hi);  // a value of 0 (e.g. no sync cost) starts at the bound
  return p;
}

void collect(const hwdesc::SectionSchema& s, const std::string& prefix, const hwdesc::ResolvedValues& values,
             std::vector<FitParameter>& out) {
  for (const auto& f : s.fields) {
    const std::string path = prefix + f.key;
    if (!f.fit) continue;
    if (const auto it = values.find(path); it != values.end()) out.push_back(make_parameter(path, f, it->second));
  }
  for (const auto& sub : s.sections) collect(sub, prefix + sub.key + ".", values, out);
}

}  // namespace

std::vector<FitParameter> fittable_parameters(const hwdesc::ResolvedValues& values) {
  std::vector<FitParameter> out;
  collect(hwdesc::runtime_schema(), "", values, out);
  return out;
}

std::vector<FitParameter> chosen_parameters(const hwdesc::ResolvedValues& values, const std::vector<std::string>& keys) {
  const auto all = fittable_parameters(values);
  std::vector<std::string> names;
  for (const auto& p : all) names.push_back(p.path);
  std::vector<FitParameter> out;
  std::set<std::string> seen;
  for (const auto& key : keys) {
    if (!seen.insert(key).second) throw UserError(fmt::format("--params: '{}' is named twice", key));
    const auto it = std::find_if(all.begin(), all.end(), [&](const FitParameter& p) { return p.path == key; });
    if (it != all.end()) {
      out.push_back(*it);
      continue;
    }
    if (values.count(key)) {
      throw UserError(fmt::format("--params: '{}' is not a fitted key of the runtime (a fact or a choice); "
                                  "fittable keys: {}", key, fmt::join(names, ", ")));
    }
    throw UserError(fmt::format("--params: the runtime has no key '{}'{}", key, did_you_mean(key, names)));
  }
  return out;
}

double to_unit(const FitParameter& p, double value) {
  return std::log(std::clamp(value, p.lo, p.hi) / p.lo) / std::log(p.hi / p.lo);
}

double from_unit(const FitParameter& p, double u) {
  return p.lo * std::pow(p.hi / p.lo, std::clamp(u, 0.0, 1.0));
}

}  // namespace augur::calibrate
