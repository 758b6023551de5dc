// `augur hw show` / `augur hw schema` / `--version` / `--help` as a user sees them: exit codes,
// stdout for results, one-line errors on stderr.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

TEST(Cli, VersionPrintsTheVersion) {
  const auto r = run_augur("--version");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("augur 0."), std::string::npos) << r.out;
}

TEST(Cli, HelpListsTheCommands) {
  const auto r = run_augur("--help");
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_NE(r.out.find("hw"), std::string::npos);
  const auto sub = run_augur("hw show --help");
  EXPECT_EQ(sub.exit_code, 0);
  EXPECT_NE(sub.out.find("--set"), std::string::npos);
}

TEST(Cli, HwShowJsonPrintsTheResolvedBoard) {
  const auto r = run_augur("hw show hwdesc/boards/jetson-tx1.yaml --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.err, "");
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["platform"]["processors"]["gpu"]["sm_count"]["value"], 2);
  EXPECT_EQ(j["platform"]["processors"]["cpu"]["l2"]["size"]["value"], 2097152);
  EXPECT_EQ(j["platform"]["processors"]["cpu"]["l2"]["size"]["unit"], "B");
  EXPECT_NE(j["platform"]["processors"]["cpu"]["cores"]["origin"].get<std::string>().find(
                "hwdesc/boards/jetson-tx1.yaml:"),
            std::string::npos);
  // 2 SMs x 128 lanes x 2 x 998.4 MHz; 1e-6 GFLOP/s absorbs printing.
  EXPECT_NEAR(j["derived"]["gpu.peak_gflops_fp32"]["value"].get<double>(), 511.1808, 1e-6);
}

TEST(Cli, SetOverridesShowUpInHwShow) {
  const auto r = run_augur(
      "hw show hwdesc/boards/jetson-tx1.yaml --format json --set gpu.l2.size=1MiB "
      "--set gpu.sm_count=4 --set memory.bandwidth=51.2GB/s");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_EQ(j["platform"]["processors"]["gpu"]["l2"]["size"]["value"], 1048576);
  EXPECT_EQ(j["platform"]["processors"]["gpu"]["l2"]["size"]["origin"], "--set gpu.l2.size=1MiB");
  EXPECT_EQ(j["platform"]["processors"]["gpu"]["sm_count"]["value"], 4);
  EXPECT_NEAR(j["derived"]["gpu.peak_gflops_fp32"]["value"].get<double>(), 2 * 511.1808, 1e-6);
  EXPECT_EQ(j["overrides"].size(), 3u);
}

TEST(Cli, HwShowYamlAnnotatesOrigins) {
  const auto r = run_augur("hw show hwdesc/boards/jetson-tk1.yaml --set cpu.cores=2");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_NE(r.out.find("cores: 2"), std::string::npos);
  EXPECT_NE(r.out.find("# --set cpu.cores=2"), std::string::npos);
  EXPECT_NE(r.out.find("hwdesc/cores/cortex-a15.yaml:"), std::string::npos);
}

TEST(Cli, MisspeltKeyFailsWithLineNumberAndSuggestion) {
  const auto r = run_augur("hw show tests/data/bad_hw/unknown_key.yaml");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(r.err,
            "augur: error: tests/data/bad_hw/unknown_key.yaml:10:7: cpu.l1d.sise: unknown key "
            "'sise' in 'cpu.l1d' (did you mean 'size'?)\n");
}

TEST(Cli, EveryBadInputIsOneLineAndExitCodeTwo) {
  for (const char* args : {"hw show no/such/board.yaml", "hw show hwdesc/boards/jetson-tx1.yaml --format xml",
                           "hw show hwdesc/boards/jetson-tx1.yaml --set nonsense",
                           "hw show tests/data/bad_hw/cycle_a.yaml", "frobnicate",
                           "hw show hwdesc/boards/jetson-tx1.yaml --log-level loud"}) {
    const auto r = run_augur(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_FALSE(r.err.empty()) << args;
    EXPECT_EQ(r.out, "") << args;
  }
}

TEST(Cli, HwSchemaMatchesDocsHwdesc) {
  std::ifstream doc(std::string(AUGUR_SOURCE_DIR) + "/docs/hwdesc.md");
  std::stringstream text;
  text << doc.rdbuf();
  for (const char* args : {"hw schema", "hw schema --runtime"}) {
    const auto r = run_augur(args);
    ASSERT_EQ(r.exit_code, 0);
    EXPECT_NE(text.str().find(r.out), std::string::npos)
        << "docs/hwdesc.md is out of date (" << args << "): run scripts/gen-docs.sh";
  }
}

}  // namespace
}  // namespace augur::test
