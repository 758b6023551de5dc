// `augur calibrate` and `augur validate --cross-validate` as a user with records runs them.
#include <sys/wait.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

TEST(CliCalibrate, WritesARuntimeThatUsesTheBaseAndSimulates) {
  const ScratchDir scratch;
  const std::string out = scratch.file("fitted.yaml");
  const auto r = run_augur("calibrate --runtime hwdesc/runtimes/base/caffe-openblas-a15.yaml --params "
                           "blas.kernel_efficiency,framework.cycles_per_element.lrn --out " + out + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["record_runtime"], "caffe-openblas-a15");  // the base file's stem names its records
  EXPECT_EQ(j["parameters"].size(), 2u);
  EXPECT_LE(j["loss"].get<double>(), j["initial_loss"].get<double>());
  EXPECT_GT(j["prior_weight"].get<double>(), 0);  // the default fits with the prior (docs/model.md)
  EXPECT_GE(j["prior_penalty"].get<double>(), 0);
  EXPECT_GT(j["measurements"].get<int>(), 20);
  std::ifstream in(out);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(text.find("use: "), std::string::npos);
  EXPECT_NE(text.find("caffe-openblas-a15.yaml"), std::string::npos);
  EXPECT_NE(text.find("augur calibrate --runtime"), std::string::npos);  // fitted_on holds the command
  EXPECT_NE(text.find("kernel_efficiency:"), std::string::npos);
  EXPECT_EQ(text.find("mr:"), std::string::npos);  // only the fitted keys are overridden
  const auto sim = run_augur("simulate --hw hwdesc/boards/jetson-tk1.yaml --net workloads/caffe/alexnet.prototxt "
                             "--processor cpu --runtime cpu=" + out + " --format json");
  ASSERT_EQ(sim.exit_code, 0) << sim.err;
}

TEST(CliCalibrate, BadKeysAndMissingRecordsAreOneLineErrors) {
  const ScratchDir scratch;
  const std::string out = scratch.file("fitted.yaml");
  const auto fact = run_augur("calibrate --runtime hwdesc/runtimes/base/caffe-openblas-a15.yaml --params blas.mr --out " + out);
  EXPECT_EQ(fact.exit_code, 2);
  EXPECT_NE(fact.err.find("not a fitted key"), std::string::npos) << fact.err;
  const auto none = run_augur("calibrate --runtime hwdesc/runtimes/systolic-array-driver.yaml --out " + out);
  EXPECT_EQ(none.exit_code, 2);
  EXPECT_NE(none.err.find("no modelled time record names runtime 'systolic-array-driver'"), std::string::npos) << none.err;
  EXPECT_FALSE(std::filesystem::exists(out));  // nothing written on failure
  const auto gemms = run_augur("calibrate --runtime hwdesc/runtimes/base/caffe-openblas-a15.yaml --gemms "
                               "../shared/validation/deepbench_tx1_gemm.csv --out " + out);
  EXPECT_EQ(gemms.exit_code, 2);
  EXPECT_NE(gemms.err.find("not a gpu runtime"), std::string::npos) << gemms.err;
  // The prior's weight is a finite number from 0 to 1: "nan" passes a plain range check.
  for (const char* weight : {"nan", "inf", "-1", "2", "x"}) {
    const auto bad = run_augur("calibrate --runtime hwdesc/runtimes/base/caffe-openblas-a15.yaml --prior-weight " +
                               std::string(weight) + " --out " + out);
    EXPECT_EQ(bad.exit_code, 2) << weight;
    EXPECT_NE(bad.err.find("--prior-weight: expected a number from 0 to 1"), std::string::npos) << bad.err;
  }
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST(CliCalibrate, RefusesToWriteOverTheRuntimeItStartsFrom) {
  const ScratchDir scratch;
  const std::string base = scratch.file("base.yaml");
  std::filesystem::copy_file("hwdesc/runtimes/base/caffe-openblas-a15.yaml", base);
  const auto r = run_augur("calibrate --runtime " + base + " --record-runtime caffe-openblas-a15 --out " + base);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_NE(r.err.find("that is the --runtime file"), std::string::npos) << r.err;
}

// The Release augur is linked statically without NLopt and hands fitting to augur-fit
// (docs/architecture.md); an augur without it beside says so instead of failing inside.
TEST(CliCalibrate, AnAugurWithoutItsFitHelperSaysWhereItLooked) {
  const std::filesystem::path binary(AUGUR_BINARY);
  if (!std::filesystem::exists(binary.parent_path() / "augur-fit")) {
    GTEST_SKIP() << "this build links NLopt into augur (sanitizer or fuzz build): no augur-fit";
  }
  const ScratchDir scratch;
  const std::string lonely = scratch.file("augur");
  std::filesystem::copy_file(binary, lonely);
  const std::string command = "'" + lonely + "' calibrate --help > '" + scratch.file("out") + "' 2> '" +
                              scratch.file("err") + "'";
  const int status = std::system(command.c_str());
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 2);
  std::ifstream in(scratch.file("err"));
  const std::string err((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_NE(err.find("cannot fit runtimes: the helper program augur-fit is not installed (looked for " +
                     (std::filesystem::canonical(scratch.path()) / "augur-fit").string()),
            std::string::npos)
      << err;
}

}  // namespace
}  // namespace augur::test
