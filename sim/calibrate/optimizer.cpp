// NLopt's BOBYQA over the unit box.
#include "sim/calibrate/optimizer.h"

#include <algorithm>
#include <cmath>
#include <exception>
#include <memory>

#include <nlopt.h>

#include "sim/core/error.h"

namespace augur::calibrate {
namespace {

struct Objective {
  const std::function<double(const std::vector<double>&)>* f;
  std::vector<double> x;
  int evaluations = 0;
  std::exception_ptr error;  // an exception must not unwind through NLopt's C code
  nlopt_opt opt = nullptr;
};

double call(unsigned n, const double* x, double* /*gradient: derivative-free*/, void* data) {
  auto* o = static_cast<Objective*>(data);
  try {
    o->x.assign(x, x + n);
    ++o->evaluations;
    const double v = (*o->f)(o->x);
    return std::isfinite(v) ? v : HUGE_VAL;
  } catch (...) {
    o->error = std::current_exception();
    nlopt_force_stop(o->opt);
    return HUGE_VAL;
  }
}

std::string reason(nlopt_result r) {
  switch (r) {
    case NLOPT_SUCCESS: return "converged";
    case NLOPT_STOPVAL_REACHED: return "target value reached";
    case NLOPT_FTOL_REACHED: return "loss tolerance reached";
    case NLOPT_XTOL_REACHED: return "x tolerance reached";
    case NLOPT_MAXEVAL_REACHED: return "evaluation limit reached";
    case NLOPT_MAXTIME_REACHED: return "time limit reached";
    case NLOPT_ROUNDOFF_LIMITED: return "round-off limited";
    case NLOPT_FORCED_STOP: return "stopped by an error";
    default: return "failed (NLopt code " + std::to_string(static_cast<int>(r)) + ")";
  }
}

}  // namespace

MinimizeResult minimize_in_unit_box(const std::function<double(const std::vector<double>&)>& f,
                                    std::vector<double> start, const MinimizeOptions& options) {
  const unsigned n = static_cast<unsigned>(start.size());
  MinimizeResult out;
  for (auto& u : start) u = std::clamp(u, 0.0, 1.0);
  out.x = start;
  out.value = f(start);
  if (!std::isfinite(out.value)) out.value = HUGE_VAL;  // as the callback maps it
  out.evaluations = 1;
  if (n == 0) {
    out.stopped_because = "nothing to fit";
    return out;
  }
  for (int round = 0; round <= options.restarts && out.evaluations < options.max_evaluations; ++round) {
    std::unique_ptr<nlopt_opt_s, decltype(&nlopt_destroy)> opt(nlopt_create(NLOPT_LN_BOBYQA, n), nlopt_destroy);
    if (!opt) throw InternalError("NLopt could not create a BOBYQA optimiser");
    const std::vector<double> lower(n, 0.0), upper(n, 1.0), step(n, options.initial_step);
    Objective o{&f, {}, 0, nullptr, opt.get()};
    nlopt_set_lower_bounds(opt.get(), lower.data());
    nlopt_set_upper_bounds(opt.get(), upper.data());
    nlopt_set_initial_step(opt.get(), step.data());
    nlopt_set_xtol_abs1(opt.get(), options.x_tolerance);
    nlopt_set_ftol_abs(opt.get(), 1e-12);
    nlopt_set_maxeval(opt.get(), options.max_evaluations - out.evaluations);
    nlopt_set_min_objective(opt.get(), call, &o);
    std::vector<double> x = out.x;
    double value = out.value;
    const nlopt_result r = nlopt_optimize(opt.get(), x.data(), &value);
    out.evaluations += o.evaluations;
    if (o.error) std::rethrow_exception(o.error);
    out.stopped_because = reason(r);
    if (r < 0 && r != NLOPT_ROUNDOFF_LIMITED) break;
    const bool improved = value < out.value - 1e-12 * std::max(1.0, std::fabs(out.value));
    if (value <= out.value) {
      out.x = x;
      out.value = value;
    }
    if (!improved) break;  // a restart found nothing better: a minimum (of this nonsmooth loss)
  }
  return out;
}

}  // namespace augur::calibrate
