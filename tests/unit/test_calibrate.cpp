// `augur calibrate` as a specification: the loss it minimises, the coordinates it searches, the
// keys it may fit, that it recovers a value the records were generated with, and that it reports
// keys the records cannot tell apart.
#include <cmath>

#include <filesystem>
#include <map>

#include <gtest/gtest.h>

#include "sim/calibrate/calibrate.h"
#include "sim/calibrate/cross_validation.h"
#include "sim/core/error.h"
#include "tests/test_paths.h"

namespace augur::calibrate {
namespace {

const std::filesystem::path kRoot = test::repo_path(".");

TEST(CalibrationLoss, IsTheWeightedMeanOverRecordSetsOfTheMeanSquaredLogError) {
  // Set 0 (weight 3): one record predicted twice too slow; set 1 (weight 1): two exact records.
  const std::vector<RecordSet> sets{{"totals", 3.0}, {"layers", 1.0}};
  const double loss = weighted_log_loss({2.0, 1.0, 5.0}, {1.0, 1.0, 5.0}, {0, 1, 1}, sets);
  EXPECT_NEAR(loss, 3.0 * std::log(2.0) * std::log(2.0) / 4.0, 1e-12);
  // A set's size does not change its weight: ten exact layer records weigh as much as two.
  const double ten = weighted_log_loss({2.0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, {1.0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1},
                                       {0, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1}, sets);
  EXPECT_NEAR(ten, loss, 1e-12);
  // Too fast by 2x costs as much as too slow by 2x.
  EXPECT_NEAR(weighted_log_loss({0.5}, {1.0}, {0}, sets), weighted_log_loss({2.0}, {1.0}, {0}, sets), 1e-12);
}

TEST(CalibrationLoss, SkipsMeasurementsWithoutAPrediction) {
  const std::vector<RecordSet> sets{{"layers", 1.0}};
  EXPECT_NEAR(weighted_log_loss({std::nullopt, 2.0}, {1.0, 1.0}, {0, 0}, sets), std::log(2.0) * std::log(2.0), 1e-12);
}

TEST(FitCoordinates, MapTheRangeLogarithmicallyOntoTheUnitInterval) {
  const FitParameter p{"kernels.kernel_launch", Dimension::Duration, 1e-8, 1e-2, 1e-5};
  EXPECT_DOUBLE_EQ(to_unit(p, 1e-8), 0.0);
  EXPECT_DOUBLE_EQ(to_unit(p, 1e-2), 1.0);
  EXPECT_NEAR(to_unit(p, 1e-5), 0.5, 1e-12);  // the geometric middle
  EXPECT_NEAR(from_unit(p, to_unit(p, 3.7e-6)), 3.7e-6, 1e-18);
  EXPECT_DOUBLE_EQ(from_unit(p, 2.0), 1e-2);  // clamped into the range
}

TEST(FitParameters, AreTheFittedKeysOfTheRuntimeNotItsFactsOrChoices) {
  const auto gpu = hwdesc::load_runtime(test::repo_path("hwdesc/runtimes/base/caffe-cublas-gm20b.yaml"));
  const auto all = fittable_parameters(gpu.values);
  const auto has = [&](const std::string& key) {
    return std::any_of(all.begin(), all.end(), [&](const FitParameter& p) { return p.path == key; });
  };
  EXPECT_TRUE(has("gemm.ffma_fraction"));
  EXPECT_TRUE(has("kernels.kernel_launch"));
  EXPECT_TRUE(has("kernels.ops_per_element.pool"));
  EXPECT_FALSE(has("gemm.tiles.128x128.m"));  // a kernel's tile is a fact of the library
  EXPECT_FALSE(has("memory.fixed"));          // not read by the time model
  for (const auto& p : all) {
    EXPECT_GT(p.lo, 0) << p.path;
    EXPECT_LT(p.lo, p.hi) << p.path;
  }
  EXPECT_THROW(chosen_parameters(gpu.values, {"gemm.tiles.128x128.m"}), UserError);
  EXPECT_THROW(chosen_parameters(gpu.values, {"kernels.kernel_lunch"}), UserError);
  EXPECT_THROW(chosen_parameters(gpu.values, {"gemm.ffma_fraction", "gemm.ffma_fraction"}), UserError);
  try {
    chosen_parameters(gpu.values, {"kernels.kernel_lunch"});
  } catch (const UserError& e) {
    EXPECT_NE(std::string(e.what()).find("did you mean 'kernels.kernel_launch'"), std::string::npos) << e.what();
  }
}

// Records the model itself predicts with known values of the runtime's keys.
std::vector<Record> synthetic_records(const CalibrationProblem& truth_problem, const std::vector<FitParameter>& params,
                                      const std::vector<double>& truth) {
  const auto predicted = truth_problem.predict(params, truth);
  std::vector<Record> out;
  for (size_t i = 0; i < predicted.size(); ++i) {
    Record r = truth_problem.data().measurements[i].record;
    r.value = *predicted[i];
    out.push_back(r);
  }
  return out;
}

std::vector<Record> alexnet_layer_records(const std::string& processor, const std::string& runtime,
                                          std::initializer_list<std::int64_t> batches) {
  std::vector<Record> out;
  for (const auto batch : batches) {
    for (const char* layer : {"conv1", "conv2", "conv3", "pool1", "norm1", "relu1", "fc6", "fc8", "prob"}) {
      Record r;
      r.id = std::string(layer) + "@" + std::to_string(batch);
      r.source = "synthetic";
      r.board = "TX1";
      r.processor = processor;
      r.runtime = runtime;
      r.network = "../shared/models/caffe/bvlc_alexnet.prototxt";
      r.batch = batch;
      r.scope = "layer";
      r.what = layer;
      r.value = 1;  // replaced by the model's prediction
      r.unit = "ms";
      r.modelled = "yes";
      out.push_back(r);
    }
  }
  return out;
}

TEST(Calibrate, RecoversTheValuesTheRecordsWereGeneratedWith) {
  const auto runtime = test::repo_path("hwdesc/runtimes/base/caffe-openblas-a57.yaml");
  const auto records = alexnet_layer_records("cpu", "caffe-openblas-a57", {1, 4});
  const Selection selection{"caffe-openblas-a57", "", "", ""};
  const CalibrationProblem truth_problem(select_records(records, selection, kRoot), runtime);
  const auto params = chosen_parameters(truth_problem.runtime().values,
                                        {"blas.kernel_efficiency", "framework.cycles_per_element.lrn"});
  // The truth differs from the file's values (0.669, 182) by -25% and +40%.
  const std::vector<double> truth{0.5, 255.0};
  const CalibrationProblem problem(select_records(synthetic_records(truth_problem, params, truth), selection, kRoot),
                                   runtime);
  CalibrateOptions options;
  options.extra_starts = 0;
  options.prior_weight = 0;  // least squares: the prior would pull the values toward the file's
  const auto r = calibrate(problem, params, options);
  ASSERT_EQ(r.parameters.size(), 2u);
  // The optimiser stops at x tolerance 1e-7 of the unit box (a relative 1e-6 of a value over
  // these ranges); 0.1% allows for the loss's kinks near the optimum.
  EXPECT_NEAR(r.parameters[0].value, 0.5, 0.5e-3);
  EXPECT_NEAR(r.parameters[1].value, 255.0, 255e-3);
  EXPECT_LT(r.loss, 1e-8);
  EXPECT_GT(r.initial_loss, 1e-3);
  EXPECT_TRUE(r.flat_directions.empty());
}

// Layerwise GPU layer times generated with layer_overhead 20 us and layer_sync 40 us: both are
// charged once per layer, so only their sum is seen. Fixed starts (8.63 and 1.08 us), not the
// shipped ones (layer_sync is derived there): where along the flat valley a least-squares fit
// stops depends on the start, and with it how small the finite-difference curvature is.
struct FlatValley {
  CalibrationProblem problem;
  std::vector<FitParameter> params;
};

FlatValley flat_valley() {
  const auto runtime = test::repo_path("hwdesc/runtimes/base/caffe-cublas-gm20b.yaml");
  const auto records = alexnet_layer_records("gpu", "caffe-cublas-gm20b", {2});
  const Selection selection{"caffe-cublas-gm20b", "", "", ""};
  const CalibrationProblem truth_problem(select_records(records, selection, kRoot), runtime);
  auto params = chosen_parameters(truth_problem.runtime().values, {"kernels.layer_overhead", "kernels.layer_sync"});
  params[0].initial = 8.63e-6;
  params[1].initial = 1.08e-6;
  return FlatValley{
      CalibrationProblem(select_records(synthetic_records(truth_problem, params, {20e-6, 40e-6}), selection, kRoot),
                         runtime),
      params};
}

TEST(Calibrate, ReportsKeysTheRecordsCannotTellApartAsAFlatDirection) {
  const FlatValley valley = flat_valley();
  const auto& problem = valley.problem;
  CalibrateOptions options;
  options.extra_starts = 0;
  options.prior_weight = 0;  // least squares: where along the valley it stops is the optimiser's
  const auto r = calibrate(problem, valley.params, options);
  // The sum is recovered: every record is predicted within 0.1%.
  for (size_t i = 0; i < r.predicted.size(); ++i) {
    EXPECT_NEAR(*r.predicted[i] / problem.data().measurements[i].record.value, 1.0, 1e-3);
  }
  EXPECT_NEAR(r.parameters[0].value + r.parameters[1].value, 60e-6, 60e-9);
  // One direction is flat: along it the sum stays; in log coordinates it is mostly the smaller key.
  ASSERT_EQ(r.flat_directions.size(), 1u);
  ASSERT_FALSE(r.flat_directions[0].keys.empty());
  for (const auto& [key, component] : r.flat_directions[0].keys) {
    EXPECT_TRUE(key == "kernels.layer_overhead" || key == "kernels.layer_sync") << key;
  }
}

TEST(Calibrate, ThePriorPicksThePointOfAFlatValleyNearestTheStartingValues) {
  // The same valley. With the prior the fit is unique: on the line a + b = S, the point where
  // ln(a/a0)^2 + ln(b/b0)^2 is least, i.e. ln(a/a0)/a = ln(b/b0)/b. It keeps the smaller key near
  // its start and moves the larger one (a factor 6.6 of a costs less than pushing b up by the same
  // microseconds).
  const FlatValley valley = flat_valley();
  CalibrateOptions options;
  options.extra_starts = 0;
  ASSERT_GT(options.prior_weight, 0);  // the default fits with the prior
  const auto r = calibrate(valley.problem, valley.params, options);
  const double a = r.parameters[0].value, b = r.parameters[1].value;
  // The stationarity condition, to 3% (the optimiser's tolerance on a shallow objective).
  const double ga = std::log(a / 8.63e-6) / a, gb = std::log(b / 1.08e-6) / b;
  EXPECT_NEAR(ga / gb, 1.0, 0.03) << a << " " << b;
  // The records still pay for the sum: they are predicted to better than 1% RMS (loss 1e-4),
  // the sum within 5% of 60 us (the prior's pull on records a few us cannot move much).
  EXPECT_LT(r.loss, 1e-4);
  EXPECT_NEAR(a + b, 60e-6, 3e-6);
  // And the prior term is what the report says it is: weight x sum of squared log ratios.
  EXPECT_NEAR(r.prior_penalty, options.prior_weight * (std::pow(std::log(a / 8.63e-6), 2) + std::pow(std::log(b / 1.08e-6), 2)),
              1e-12);
}

TEST(Calibrate, LeavesAKeyTheRecordsDoNotMoveUnfitted) {
  const auto runtime = test::repo_path("hwdesc/runtimes/base/caffe-openblas-a57.yaml");
  const Selection selection{"caffe-openblas-a57", "", "", ""};
  const CalibrationProblem problem(select_records(alexnet_layer_records("cpu", "caffe-openblas-a57", {1}), selection, kRoot),
                                   runtime);
  // AlexNet has no BatchNorm layer.
  const auto params = chosen_parameters(problem.runtime().values, {"framework.cycles_per_element.batchnorm"});
  CalibrateOptions options;
  options.extra_starts = 0;
  const auto r = calibrate(problem, params, options);
  ASSERT_EQ(r.parameters.size(), 1u);
  EXPECT_FALSE(r.parameters[0].constrained);
  EXPECT_DOUBLE_EQ(r.parameters[0].value, r.parameters[0].parameter.initial);
}

TEST(CrossValidation, FitsOnTheTracesOfACalibrationRowAndLeavesOutTheLeftOutNetworksTraces) {
  // NVIDIA Caffe fp16 + cuBLAS: whole passes of AlexNet and SqueezeNet 1.1 at batches 2-16 (8
  // each) in the records, and per-layer traces of AlexNet at batches 2 and 16 in ../shared.
  const auto records = read_records(test::repo_path("validation/records.csv"));
  CalibrationSpec spec{"caffe-fp16-cublas-gm20b", "hwdesc/runtimes/base/caffe-fp16-cublas-gm20b.yaml",
                       {"gemm.ffma_fraction"}, "", "", ""};
  const auto without_traces = cross_validate(records, {spec}, kRoot);
  spec.traces = "../shared/validation/traces";
  const auto with_traces = cross_validate(records, {spec}, kRoot);
  ASSERT_EQ(without_traces.size(), 2u);
  ASSERT_EQ(with_traces.size(), 2u);
  for (size_t i = 0; i < 2; ++i) {
    const Fold& plain = without_traces[i];
    const Fold& traced = with_traces[i];
    ASSERT_EQ(plain.left_out, traced.left_out);
    if (traced.left_out == "bvlc_alexnet") {
      // The traces are AlexNet's: the fold that leaves AlexNet out fits on neither.
      EXPECT_EQ(traced.training_measurements, plain.training_measurements);
    } else {
      // Each trace layer that covers one network layer is a record: ~20 per trace, two traces.
      EXPECT_GT(traced.training_measurements, plain.training_measurements + 30);
    }
    // Both judged on the left-out network's records alone.
    EXPECT_EQ(traced.checked.size(), plain.checked.size());
  }
}

TEST(CrossValidation, AStackKeepsTheKeysItsOwnFileSetsOverTheFitOfTheStackItBuildsOn) {
  // TensorRT fp32 builds on the fitted cuDNN runtime, which builds on the fitted cuBLAS one. The
  // cuBLAS row fits kernels.kernel_launch; TensorRT's own file sets it (10 us, its own launch
  // cost). A fold composes as `use:` does: TensorRT keeps its 10 us, cuDNN (whose file does not
  // set the key) takes the cuBLAS fold's value.
  const auto records = read_records(test::repo_path("validation/records.csv"));
  const std::vector<CalibrationSpec> specs{
      {"caffe-cublas-gm20b", "hwdesc/runtimes/base/caffe-cublas-gm20b.yaml", {"kernels.kernel_launch"}, "", "", ""},
      {"caffe-cudnn51-gm20b", "hwdesc/runtimes/base/caffe-cudnn51-gm20b.yaml", {"gemm.algorithm_efficiency.gemm"}, "",
       "", ""},
      {"tensorrt1-fp32-gm20b", "hwdesc/runtimes/base/tensorrt1-fp32-gm20b.yaml", {"gemm.ffma_fraction"}, "", "", ""}};
  const auto folds = cross_validate(records, specs, kRoot);
  std::map<std::string, double> cublas_launch;
  for (const auto& f : folds) {
    if (f.runtime == "caffe-cublas-gm20b") cublas_launch[f.left_out] = f.values.at("kernels.kernel_launch");
  }
  int cudnn = 0, tensorrt = 0;
  for (const auto& f : folds) {
    if (f.runtime == "caffe-cudnn51-gm20b") {
      ++cudnn;
      ASSERT_TRUE(f.values.count("kernels.kernel_launch")) << f.left_out;
      EXPECT_DOUBLE_EQ(f.values.at("kernels.kernel_launch"), cublas_launch.at(f.left_out)) << f.left_out;
    } else if (f.runtime == "tensorrt1-fp32-gm20b") {
      ++tensorrt;
      EXPECT_EQ(f.values.count("kernels.kernel_launch"), 0u) << f.left_out;
      EXPECT_EQ(f.values.count("gemm.algorithm_efficiency.gemm"), 1u) << f.left_out;  // not its own: refitted
    }
  }
  EXPECT_EQ(cudnn, 2);  // AlexNet and SqueezeNet 1.1
  EXPECT_EQ(tensorrt, 2);
}

TEST(Calibrations, FileListsRuntimeBaseParamsGemmsAndNote) {
  const auto specs = parse_calibrations(
      "runtime,base,params,gemms,note\n# a comment\nr1,base/r1.yaml,a.b c.d,,\"note, with a comma\"\n", "c.csv");
  ASSERT_EQ(specs.size(), 1u);
  EXPECT_EQ(specs[0].params, (std::vector<std::string>{"a.b", "c.d"}));
  EXPECT_EQ(specs[0].note, "note, with a comma");
  EXPECT_EQ(specs[0].traces, "");
  // With the traces column: the directory of the per-layer traces also fitted on.
  const auto with_traces = parse_calibrations(
      "runtime,base,params,gemms,traces,note\nr1,base/r1.yaml,a.b,,../shared/validation/traces,n\n", "c.csv");
  ASSERT_EQ(with_traces.size(), 1u);
  EXPECT_EQ(with_traces[0].traces, "../shared/validation/traces");
  EXPECT_EQ(with_traces[0].note, "n");
  EXPECT_THROW(parse_calibrations("runtime,base,params,gemms,traces,note\nr1,base/r1.yaml,a.b,,n\n", "c.csv"),
               UserError);
  EXPECT_THROW(parse_calibrations("runtime,base,params,note\n", "c.csv"), UserError);
  EXPECT_THROW(parse_calibrations("runtime,base,params,gemms,note\nr1,base.yaml,,,\n", "c.csv"), UserError);
  EXPECT_THROW(parse_calibrations("runtime,base,params,gemms,note\nr1,base.yaml\n", "c.csv"), UserError);
  // The shipped file names every shipped fitted runtime: hwdesc/runtimes/NAME.yaml with a base.
  const auto shipped = read_calibrations(test::repo_path("validation/calibrations.csv"));
  size_t fitted_files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(test::repo_path("hwdesc/runtimes/base"))) {
    if (entry.path().extension() == ".yaml") ++fitted_files;
  }
  EXPECT_EQ(shipped.size(), fitted_files);
  EXPECT_GE(shipped.size(), 5u);
}

}  // namespace
}  // namespace augur::calibrate
