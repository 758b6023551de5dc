// Elasticities of the predicted time to every numeric key, one simulation per key.
#include "sim/scenario/sensitivity.h"

#include <algorithm>
#include <cmath>

#include "sim/core/error.h"
#include "sim/core/units.h"
#include "sim/hwdesc/runtime_schema.h"
#include "sim/hwdesc/schema.h"

namespace augur {
namespace {

constexpr double kStep = 0.10;

// The schema field of a board path: a processor's key by its model's schema, else the board's.
const hwdesc::FieldSchema* board_field(const Platform& p, const std::string& path) {
  const auto dot = path.find('.');
  if (dot != std::string::npos) {
    if (const Processor* proc = p.find(path.substr(0, dot))) {
      const hwdesc::SectionSchema* processors = hwdesc::board_schema().section("processors");
      const hwdesc::SectionSchema* variant = processors ? processors->variant(proc->model) : nullptr;
      return variant ? hwdesc::find_field(*variant, path.substr(dot + 1)) : nullptr;
    }
  }
  return hwdesc::find_field(hwdesc::board_schema(), path);
}

// Values to try, in order: +10% (whole numbers: the next valid one above it; powers of two: the
// next power of two); for sizes also rounded up to whole KiB and to a multiple of 64 KiB, then
// doubled, so that a cache keeps whole sets.
std::vector<double> candidates(double v, const hwdesc::FieldSchema& f) {
  if (f.constraint == hwdesc::Constraint::PowerOfTwo) return {2 * v};
  const bool bounded = f.constraint == hwdesc::Constraint::Fraction || f.constraint == hwdesc::Constraint::UnitInterval;
  if (bounded && v * (1 + kStep) > 1) return {v * (1 - kStep)};  // a share near 1 steps down
  const bool whole = f.dimension == Dimension::Count || f.dimension == Dimension::Bits ||
                     f.dimension == Dimension::Bytes || f.dimension == Dimension::Cycles;
  if (!whole) return {v * (1 + kStep)};
  const double up = std::max(v + 1, std::ceil(v * (1 + kStep) - 1e-9));
  std::vector<double> out{up};
  if (f.dimension == Dimension::Bytes) {
    out.push_back(std::ceil(up / 1024) * 1024);
    out.push_back(std::ceil(up / 65536) * 65536);
  }
  out.push_back(2 * v);
  return out;
}

hwdesc::ResolvedValue stepped_value(const hwdesc::ResolvedValue& base, double number) {
  hwdesc::ResolvedValue v = base;
  v.number = number;
  v.text = format_quantity(number, base.dimension);
  v.origin = hwdesc::Origin{hwdesc::Origin::Kind::Override, SourceLocation{"sensitivity step"}, ""};
  return v;
}

bool ran_layers(const SimulationResult& r, const std::string& processor) {
  return std::any_of(r.layers.begin(), r.layers.end(),
                     [&](const LayerResult& l) { return r.processors[l.processor] == processor; });
}

// Whether `cpu` runs the host code of a processor that ran layers of `r` (its clock scales their
// host costs: sim/model/host_time.h).
bool hosts_a_busy_processor(const Platform& platform, const Processor& cpu, const SimulationResult& r) {
  return std::any_of(platform.processors.begin(), platform.processors.end(), [&](const Processor& p) {
    return host_processor(platform.processors, p) == &cpu && ran_layers(r, p.name);
  });
}

}  // namespace

SensitivityReport sensitivity(const Scenario& s, const std::string& processor) {
  const Network& net = s.network();
  const SimulationResult base = s.simulate(processor);
  SensitivityReport report;
  report.processor = processor;
  report.forward_ms = 1e3 * base.forward_seconds;
  const auto time_with = [&](const Platform& platform, const Runtimes& runtimes) {
    return 1e3 * simulate(net, platform, runtimes, SimulationOptions{processor}).forward_seconds;
  };
  // One key: try its candidate values until one loads, then simulate with it.
  const auto measure = [&](const std::string& key, const hwdesc::ResolvedValue& value, const hwdesc::FieldSchema* f,
                           const auto& run_with) {
    KeySensitivity k;
    k.key = key;
    k.value = value.number;
    k.unit = std::string(base_unit_name(value.dimension));
    k.used = f == nullptr || f->not_read_by_time_model.empty();
    if (f != nullptr && !k.used) k.note = f->not_read_by_time_model;
    if (value.number == 0) {
      k.note = k.note.empty() ? "value is 0: no relative step" : k.note;
      report.keys.push_back(std::move(k));
      return;
    }
    std::string failure;
    for (double candidate : candidates(value.number, f ? *f : hwdesc::FieldSchema{})) {
      try {
        const double ms = run_with(stepped_value(value, candidate));
        k.stepped = candidate;
        k.step = candidate / value.number - 1;
        k.elasticity = (ms / report.forward_ms - 1) / *k.step;
        break;
      } catch (const UserError& e) {
        failure = std::string("no valid step: ") + e.what();
      }
    }
    if (!k.stepped) k.note = k.note.empty() ? failure : k.note + "; " + failure;
    report.keys.push_back(std::move(k));
  };

  const Platform& platform = s.platform();
  for (const auto& [board_path, value] : s.board().values) {
    const std::string& path = board_path;  // a named copy: lambdas cannot capture structured bindings (clang 14)
    if (value.dimension == Dimension::Text) continue;
    const auto dot = path.find('.');
    const Processor* owner = dot == std::string::npos ? nullptr : platform.find(path.substr(0, dot));
    // Keys of an idle processor, but the clock of the host of one that ran layers (its host costs).
    if (owner != nullptr && !ran_layers(base, owner->name) &&
        !(path == owner->name + ".clock" && hosts_a_busy_processor(platform, *owner, base))) {
      continue;
    }
    measure(path, value, board_field(platform, path), [&](const hwdesc::ResolvedValue& v) {
      const auto board = hwdesc::with_values(s.board(), {hwdesc::ValuePatch{path, v, path + "=" + v.text}});
      return time_with(board.platform, s.bindings());
    });
  }
  for (const auto& rt : s.runtimes()) {
    if (!ran_layers(base, rt.processor)) continue;
    for (const auto& [runtime_path, value] : rt.loaded.values) {
      const std::string& path = runtime_path;
      if (value.dimension == Dimension::Text) continue;
      measure(rt.processor + "_runtime." + path, value, hwdesc::find_field(hwdesc::runtime_schema(), path),
              [&](const hwdesc::ResolvedValue& v) {
                const auto changed = hwdesc::with_values(rt.loaded, {hwdesc::ValuePatch{path, v, path + "=" + v.text}});
                Runtimes bindings = s.bindings();
                for (auto& b : bindings) {
                  if (b.processor == rt.processor) b.runtime = &changed.runtime;
                }
                return time_with(platform, bindings);
              });
    }
  }
  return report;
}

}  // namespace augur
