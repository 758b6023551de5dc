// Calibration: screening, the bounded fit, per-key sensitivity and flat directions.
#include "sim/calibrate/calibrate.h"

#include <algorithm>
#include <cmath>
#include <iterator>

#include <Eigen/Dense>

namespace augur::calibrate {
namespace {

constexpr double kUnconstrained = 1e-9;  // absolute loss change below which a key is not fitted
constexpr double kLossFloor = 1e-4;      // the smallest loss that relative loss changes are taken of

// Coordinate `dimension` of the `index`-th point of the Halton sequence (radical inverse in the
// dimension's prime base): evenly spread, deterministic starting points in [0, 1).
double halton(int index, size_t dimension) {
  static constexpr int kPrimes[] = {2, 3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
                                    73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131};
  const int base = kPrimes[dimension % std::size(kPrimes)];
  double f = 1, r = 0;
  for (int i = index; i > 0; i /= base) {
    f /= base;
    r += f * (i % base);
  }
  return r;
}

}  // namespace

std::vector<double> CalibrationResult::fitted_values() const {
  std::vector<double> v;
  for (const auto& p : parameters) v.push_back(p.value);
  return v;
}

CalibrationResult calibrate(const CalibrationProblem& problem, const std::vector<FitParameter>& params,
                            const CalibrateOptions& options) {
  CalibrationResult out;
  std::vector<double> values;
  for (const auto& p : params) values.push_back(p.initial);
  out.initial_predicted = problem.predict(params, values);
  out.initial_loss = problem.loss(out.initial_predicted);
  int evaluations = 1;

  // Screening: a key the records do not move is reported, not fitted.
  std::vector<size_t> free;
  for (size_t i = 0; i < params.size(); ++i) {
    FittedParameter f{params[i], values[i]};
    double change = 0;
    for (double factor : {0.5, 2.0}) {
      auto trial = values;
      trial[i] = std::clamp(values[i] * factor, params[i].lo, params[i].hi);
      change = std::max(change, std::fabs(problem.loss(params, trial) - out.initial_loss));
      ++evaluations;
    }
    f.constrained = change >= kUnconstrained;
    if (f.constrained) free.push_back(i);
    out.parameters.push_back(f);
  }

  // The fit, over the constrained keys, in normalised log coordinates.
  const auto values_at = [&](const std::vector<double>& u) {
    auto v = values;
    for (size_t j = 0; j < free.size(); ++j) v[free[j]] = from_unit(params[free[j]], u[j]);
    return v;
  };
  std::vector<double> start;
  for (size_t i : free) start.push_back(to_unit(params[i], values[i]));
  // Σ ln(v / start)² over the fitted keys: the prior term (CalibrateOptions::prior_weight).
  const auto prior_term = [&](const std::vector<double>& v) {
    double sum = 0;
    for (size_t i : free) {
      const double r = std::log(v[i] / params[i].initial);
      sum += r * r;
    }
    return sum;
  };
  const auto objective = [&](const std::vector<double>& u) {
    const auto v = values_at(u);
    return problem.loss(params, v) + options.prior_weight * prior_term(v);
  };
  MinimizeResult fit = minimize_in_unit_box(objective, start, options.minimize);
  evaluations += fit.evaluations;
  for (int k = 1; k <= options.extra_starts && !free.empty(); ++k) {
    std::vector<double> point;
    for (size_t j = 0; j < free.size(); ++j) point.push_back(halton(k, j));
    MinimizeResult r = minimize_in_unit_box(objective, point, options.minimize);
    evaluations += r.evaluations;
    if (r.value < fit.value - 1e-12 * std::max(1.0, fit.value)) {
      fit = std::move(r);
      out.best_start = k;
    }
  }
  values = values_at(fit.x);
  out.stopped_because = fit.stopped_because;
  for (size_t j = 0; j < free.size(); ++j) {
    auto& f = out.parameters[free[j]];
    f.value = values[free[j]];
    f.at_bound = fit.x[j] < 1e-4 || fit.x[j] > 1 - 1e-4;
  }
  out.predicted = problem.predict(params, values);
  out.loss = problem.loss(out.predicted);
  out.prior_penalty = options.prior_weight * prior_term(values);
  // Loss changes are judged relative to the fitted loss, but never to less than 1e-4 (an RMS log
  // error of 1%, about what repeated measurements of a layer scatter by): on records the model
  // fits exactly, a flat direction is still one that a 1% measurement could not pin down.
  const double scale = std::max(out.loss, kLossFloor);
  if (!options.analyse) {
    out.evaluations = evaluations;
    return out;
  }

  // Sensitivity: each key alone by -10% and +10%.
  for (size_t i : free) {
    auto& f = out.parameters[i];
    for (double factor : {0.9, 1.1}) {
      auto trial = values;
      trial[i] *= factor;
      const double change = (problem.loss(params, trial) - out.loss) / scale;
      (factor < 1 ? f.relative_loss_change_down : f.relative_loss_change_up) = change;
      ++evaluations;
    }
  }

  // Flat directions: eigenvectors of the Hessian of the loss in x = ln(value), by central
  // differences with a 10% step, whose curvature lets a factor-2 move change the loss by less
  // than flat_threshold of the fitted loss: dL = lambda (ln 2)^2 / 2.
  const size_t n = free.size();
  if (n > 0) {
    const double h = std::log(1.1);
    const auto loss_at = [&](std::initializer_list<std::pair<size_t, double>> steps) {
      auto trial = values;
      for (const auto& [j, s] : steps) trial[free[j]] *= std::exp(s * h);
      ++evaluations;
      return problem.loss(params, trial);
    };
    Eigen::MatrixXd hessian(n, n);
    for (size_t a = 0; a < n; ++a) {
      hessian(a, a) = (loss_at({{a, 1}}) - 2 * out.loss + loss_at({{a, -1}})) / (h * h);
      for (size_t b = a + 1; b < n; ++b) {
        const double v = (loss_at({{a, 1}, {b, 1}}) - loss_at({{a, 1}, {b, -1}}) - loss_at({{a, -1}, {b, 1}}) +
                          loss_at({{a, -1}, {b, -1}})) / (4 * h * h);
        hessian(a, b) = hessian(b, a) = v;
      }
    }
    const Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eigen(hessian);
    const double ln2 = std::log(2.0);
    for (Eigen::Index k = 0; k < eigen.eigenvalues().size(); ++k) {
      const double change = 0.5 * std::fabs(eigen.eigenvalues()(k)) * ln2 * ln2 / scale;
      if (change >= options.flat_threshold) continue;
      FlatDirection d;
      d.loss_change_at_double = change;
      Eigen::VectorXd v = eigen.eigenvectors().col(k);
      Eigen::Index largest = 0;
      v.cwiseAbs().maxCoeff(&largest);
      if (v(largest) < 0) v = -v;  // a stable sign: the largest component positive
      for (size_t j = 0; j < n; ++j) {
        if (std::fabs(v(static_cast<Eigen::Index>(j))) >= 0.2) d.keys.emplace_back(params[free[j]].path, v(static_cast<Eigen::Index>(j)));
      }
      out.flat_directions.push_back(d);
    }
  }
  out.evaluations = evaluations;
  return out;
}

}  // namespace augur::calibrate
