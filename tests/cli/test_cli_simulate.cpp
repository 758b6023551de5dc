// `augur simulate` as a user and other tools see it: the JSON contract, views, errors.
#include <algorithm>
#include <cmath>
#include <map>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

const std::string kTx1 = "--hw hwdesc/boards/jetson-tx1.yaml";

// The fields of a CSV line without quoted commas (the totals test's rows: AlexNet's layer names).
std::vector<std::string> split_csv(const std::string& line) {
  std::vector<std::string> out;
  std::stringstream cells(line);
  for (std::string cell; std::getline(cells, cell, ',');) out.push_back(cell);
  if (!line.empty() && line.back() == ',') out.emplace_back();
  return out;
}

std::string file_text(const std::string& path) {
  std::ifstream in(path);
  std::stringstream b;
  b << in.rdbuf();
  return b.str();
}

TEST(CliSimulate, JsonHasTheDocumentedKeys) {
  const auto r = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --batch 1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"forward_ms", "layerwise_ms", "timed_pass_ms", "by_type_ms", "layers", "platform", "network", "batch"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["batch"], 1);
  // caffe time's whole pass adds the TX1 cuBLAS stack's 65.7 us timer gap per reported layer
  // (24, the Input layer included) to the layers timed one by one.
  ASSERT_EQ(j["layers"].size(), 24u);
  EXPECT_NEAR(j["timed_pass_ms"].get<double>(), j["layerwise_ms"].get<double>() + 24 * 0.0657, 1e-6);
  for (const char* type : {"Convolution", "Pooling", "ReLU", "InnerProduct", "LRN"}) {
    EXPECT_TRUE(j["by_type_ms"].contains(type)) << type;
  }
  const auto& conv1 = j["layers"][1];
  for (const char* key : {"name", "type", "processor", "time_ms", "macs", "dram_bytes"}) {
    EXPECT_TRUE(conv1.contains(key)) << key;
  }
  EXPECT_EQ(conv1["name"], "conv1");
  EXPECT_EQ(conv1["processor"], "gpu");
  EXPECT_GT(conv1["time_ms"].get<double>(), 0);
}

TEST(CliSimulate, SetOverridesReachTheBoardAndTheRuntime) {
  const auto base = nlohmann::json::parse(run_augur("simulate " + kTx1 + " --net workloads/caffe/vgg16.prototxt --batch 1 --format json").out);
  const auto fast = nlohmann::json::parse(run_augur("simulate " + kTx1 +
      " --net workloads/caffe/vgg16.prototxt --batch 1 --format json --set gpu.sm_count=4").out);
  EXPECT_LT(fast["forward_ms"].get<double>(), base["forward_ms"].get<double>());
  const auto synced = nlohmann::json::parse(run_augur("simulate " + kTx1 +
      " --net workloads/caffe/vgg16.prototxt --batch 1 --mode layerwise --format json --set gpu_runtime.kernels.layer_sync=1ms").out);
  EXPECT_GT(synced["layerwise_ms"].get<double>(), base["layerwise_ms"].get<double>() + 30);
}

TEST(CliSimulate, TableCsvAndTimelineViews) {
  const ScratchDir scratch;
  const std::string trace = scratch.file("timeline.json");
  const auto t = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --processor auto --timeline " + trace);
  ASSERT_EQ(t.exit_code, 0) << t.err;
  EXPECT_NE(t.out.find("forward pass (timed once)"), std::string::npos);
  EXPECT_NE(t.out.find("auto placement"), std::string::npos);
  std::ifstream in(trace);
  std::stringstream text;
  text << in.rdbuf();
  const auto j = nlohmann::json::parse(text.str());
  EXPECT_GT(j["traceEvents"].size(), 10u);
  EXPECT_EQ(j["traceEvents"][3]["ph"], "X");
  const auto csv = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --processor cpu --format csv");
  EXPECT_EQ(csv.out.rfind("name,type,processor,time_ms,macs,dram_bytes,bound,cycles,stall_cycles\n", 0), 0u);
}

TEST(CliSimulate, BadInputIsExitCodeTwo) {
  for (const char* args : {"simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt --processor npu",
                           "simulate --hw hwdesc/boards/jetson-tx1.yaml --net nothing.prototxt",
                           "simulate --hw tests/data/hw/tx1-big-l2.yaml --net workloads/caffe/alexnet.prototxt --gpu-runtime hwdesc/runtimes/caffe-openblas-a57.yaml",
                           "simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt --gpu-runtime tests/data/bad_runtime/unknown_key.yaml",
                           "simulate --hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt --set gpu_runtime.gemm.tile_selection=magic"}) {
    const auto r = run_augur(args);
    EXPECT_EQ(r.exit_code, 2) << args << "\n" << r.err;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << args << "\n" << r.err;
  }
}

TEST(CliSimulate, TheNpuBoardRunsAlexNetWithPerLayerCyclesAndTraffic) {
  const auto r = run_augur("simulate --hw hwdesc/boards/hypothetical-tx1-npu.yaml --net workloads/caffe/alexnet.prototxt "
                           "--processor npu --batch 2 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  const auto& conv1 = j["layers"][1];
  EXPECT_EQ(conv1["name"], "conv1");
  EXPECT_EQ(conv1["processor"], "npu");
  // SCALE-Sim, output stationary on 32×32: ⌈6050/32⌉·⌈96/32⌉ = 190·3 = 570 folds of
  // T + R + C − 2 = 363 + 62 = 425 cycles; the analytic count is exact.
  EXPECT_DOUBLE_EQ(conv1["cycles"].get<double>(), 570.0 * 425.0);
  for (const char* level : {"ifmap_sram", "filter_sram", "ofmap_sram", "dram"}) {
    EXPECT_TRUE(conv1["traffic_bytes"].contains(level)) << level;
  }
  EXPECT_EQ(j["layers"][2]["processor"], "cpu");  // relu1: the array cannot run it
  bool npu_listed = false;
  for (const auto& p : j["processors"]) npu_listed = npu_listed || (p["name"] == "npu" && p["model"] == "systolic_array");
  EXPECT_TRUE(npu_listed);
}

TEST(CliSimulate, GpuJsonKeepsTheCpuAndGpuKeysAndAddsPerLevelTraffic) {
  const auto r = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --batch 2 --processor auto "
                           "--format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  EXPECT_TRUE(j.contains("all_cpu_forward_ms"));
  EXPECT_TRUE(j.contains("all_gpu_forward_ms"));
  const auto& conv1 = j["layers"][1];
  EXPECT_TRUE(conv1.contains("cpu_time_ms"));
  EXPECT_TRUE(conv1.contains("gpu_time_ms"));
  EXPECT_GT(conv1["traffic_bytes"]["dram"].get<double>(), 0);
  EXPECT_DOUBLE_EQ(conv1["traffic_bytes"]["dram"].get<double>(), conv1["dram_bytes"].get<double>());
  EXPECT_GT(conv1["cycles"].get<double>(), 0);
  EXPECT_GE(conv1["stall_cycles"].get<double>(), 0);
}

TEST(CliSimulate, RuntimeFlagSetsAnyProcessorsRuntime) {
  const auto same = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --processor gpu "
                              "--runtime gpu=hwdesc/runtimes/caffe-cublas-gm20b.yaml --format json");
  const auto plain = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --processor gpu --format json");
  ASSERT_EQ(same.exit_code, 0) << same.err;
  EXPECT_DOUBLE_EQ(nlohmann::json::parse(same.out)["forward_ms"].get<double>(),
                   nlohmann::json::parse(plain.out)["forward_ms"].get<double>());
  const auto wrong = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt "
                               "--runtime npu=hwdesc/runtimes/systolic-array-driver.yaml");
  EXPECT_EQ(wrong.exit_code, 2);
  EXPECT_NE(wrong.err.find("has no such processor (it has: cpu, gpu)"), std::string::npos) << wrong.err;
  const auto bad = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --runtime gpu");
  EXPECT_EQ(bad.exit_code, 2);
  EXPECT_NE(bad.err.find("expected NAME=FILE"), std::string::npos) << bad.err;
}

TEST(CliSimulate, AProcessorsRuntimeIsOverriddenByItsName) {
  const auto base = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --processor gpu --format json");
  const auto slower = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --processor gpu "
                                "--set gpu_runtime.kernels.layer_overhead=1ms --format json");
  ASSERT_EQ(slower.exit_code, 0) << slower.err;
  // 24 layers, each timed alone with 1 ms instead of 8.63 us of framework time: +23.8 ms layerwise
  // (the forward pass hides most of it behind the GPU's kernels).
  EXPECT_NEAR(nlohmann::json::parse(slower.out)["layerwise_ms"].get<double>(),
              nlohmann::json::parse(base.out)["layerwise_ms"].get<double>() + 24 * (1 - 0.00863), 1e-6);
  const auto unknown = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt "
                                 "--set npu_runtime.driver.layer_sync=1us");
  EXPECT_EQ(unknown.exit_code, 2);
  EXPECT_NE(unknown.err.find("has no processor 'npu'"), std::string::npos) << unknown.err;
}

TEST(CliHwModels, ListsTheRegisteredModelsWithTheirKeys) {
  const auto r = run_augur("hw models --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["models"].size(), 3u);
  EXPECT_EQ(j["models"][2]["model"], "systolic_array");
  const auto& keys = j["models"][2]["keys"];
  for (const char* key : {"rows", "cols", "dataflow", "clock", "ifmap_sram", "filter_sram", "ofmap_sram"}) {
    EXPECT_NE(std::find(keys.begin(), keys.end(), key), keys.end()) << key;
  }
}

TEST(CliSensitivity, EveryNumericKeyHasAStepAnElasticityAndWhetherTheModelReadsIt) {
  const auto r = run_augur("sensitivity " + kTx1 + " --net workloads/caffe/alexnet.prototxt --batch 2 --processor gpu "
                           "--format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"augur_version", "platform", "network", "batch", "processor", "forward_ms", "keys"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  std::map<std::string, nlohmann::json> by_key;
  for (const auto& k : j["keys"]) by_key[k["key"].get<std::string>()] = k;
  // The GPU clock: +10%, and the time falls (compute and launch-bound parts scale with it).
  ASSERT_TRUE(by_key.count("gpu.clock"));
  EXPECT_NEAR(by_key["gpu.clock"]["step"].get<double>(), 0.10, 1e-12);
  EXPECT_LT(by_key["gpu.clock"]["elasticity"].get<double>(), -0.05);
  // Whole numbers take the next valid value: 2 SMs -> 3 (+50%).
  EXPECT_NEAR(by_key["gpu.sm_count"]["step"].get<double>(), 0.5, 1e-12);
  // Runtime keys are addressed as NAME_runtime.KEY.
  EXPECT_TRUE(by_key.count("gpu_runtime.kernels.kernel_launch"));
  // A key declared as not read never moves the time; one that moves it is declared as read.
  for (const auto& [key, k] : by_key) {
    if (k["elasticity"].is_number() && std::abs(k["elasticity"].get<double>()) > 1e-9) {
      EXPECT_TRUE(k["used"].get<bool>()) << key << " moves the time but is declared as not read";
    }
  }
  EXPECT_FALSE(by_key["gpu.l1.size"]["used"].get<bool>());
  EXPECT_FALSE(by_key["memory.capacity"]["used"].get<bool>());
  // Keys of the idle CPU are not listed for a GPU run, but for its clock: the CPU runs the GPU's
  // host code, whose costs scale with it (docs/model.md, "Host costs and the host's clock").
  EXPECT_FALSE(by_key.count("cpu.cores"));
  EXPECT_FALSE(by_key.count("cpu.l2.size"));
  ASSERT_TRUE(by_key.count("cpu.clock"));
  EXPECT_LT(by_key["cpu.clock"]["elasticity"].get<double>(), 0.0);  // a faster host, a shorter run
  EXPECT_TRUE(by_key["cpu.clock"]["used"].get<bool>());
}

TEST(CliSensitivity, AWiderSimdUnitSpeedsUpTheCpuBecauseTheShippedRuntimeFollowsTheCore) {
  const auto r = run_augur("sensitivity " + kTx1 + " --net workloads/caffe/vgg16.prototxt --batch 1 --processor cpu "
                           "--format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);  // named: a range-for over a temporary's member dangles
  for (const auto& k : j["keys"]) {
    if (k["key"] == "cpu.simd_width") {
      EXPECT_NEAR(k["step"].get<double>(), 1.0, 1e-12);  // a power of two: 128 -> 256 bits
      EXPECT_LT(k["elasticity"].get<double>(), -0.1);
    }
  }
}

TEST(CliSimulate, NumbersThatAreNotPlausibleAreRefusedAtLoadNeverPrinted) {
  // Each is one line, exit 2: an overflow to inf, a clock of 1e-300 Hz, a share above 1.
  for (const char* set : {"gpu.clock=1e300GHz", "gpu.clock=1e-300Hz", "gpu_runtime.gemm.ffma_fraction=5",
                          "cpu_runtime.blas.kernel_efficiency=0", "memory.bandwidth=1e20GB/s"}) {
    const auto r = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --processor auto --set " + set);
    EXPECT_EQ(r.exit_code, 2) << set << ": " << r.err;
    EXPECT_EQ(r.out, "") << set;
    EXPECT_EQ(std::count(r.err.begin(), r.err.end(), '\n'), 1) << r.err;
  }
}

TEST(CliSimulate, OutDashIsStandardOutput) {
  const auto r = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --format json --out -");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_GT(nlohmann::json::parse(r.out)["forward_ms"].get<double>(), 0);
  EXPECT_FALSE(std::filesystem::exists(std::string(AUGUR_SOURCE_DIR) + "/-"));  // no file named "-"
}

TEST(CliSimulate, GlobalOptionsWorkAfterTheSubCommand) {
  const std::string run = "simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --batch 1 --format json";
  const auto before = run_augur("--log-level error " + run), after = run_augur(run + " --log-level error");
  ASSERT_EQ(after.exit_code, 0) << after.err;
  ASSERT_EQ(before.exit_code, 0) << before.err;
  // The same run either way (the same model on the same inputs: equal to rounding).
  EXPECT_NEAR(nlohmann::json::parse(after.out)["forward_ms"].get<double>(),
              nlohmann::json::parse(before.out)["forward_ms"].get<double>(), 1e-9);
  // The level is applied: a warning (a trace that records no batch) is silenced by an error level
  // given after the nested sub-command.
  const std::string compare = "trace compare tests/data/traces/caffe_time_alexnet_b2.log " + kTx1 +
                              " --net workloads/caffe/alexnet.prototxt";
  const auto warned = run_augur(compare), silenced = run_augur(compare + " --log-level error");
  ASSERT_EQ(warned.exit_code, 0) << warned.err;
  ASSERT_EQ(silenced.exit_code, 0) << silenced.err;
  EXPECT_NE(warned.err.find("warning"), std::string::npos) << warned.err;
  EXPECT_EQ(silenced.err, "");
  EXPECT_EQ(run_augur(run + " --log-level loud").exit_code, 2);
}

TEST(CliSimulate, ARuntimeOverrideIsNamedAsTheUserWroteIt) {
  const auto r = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --set gpu_runtime.kernels.layer_sync=-1us");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_EQ(r.err.rfind("augur: error: --set gpu_runtime.kernels.layer_sync=-1us: ", 0), 0u) << r.err;
  const auto typo = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --set gpu.clokc=1GHz");
  EXPECT_EQ(typo.exit_code, 2);
  EXPECT_NE(typo.err.find("(did you mean 'clock'?)"), std::string::npos) << typo.err;
}

// A board copied out of the tree keeps its relative `use:` and `runtime:` paths working through the
// board search path; a runtime may be named by its file name; one found nowhere is an error at its line.
TEST(CliSimulate, ABoardOutsideTheTreeFindsItsPartsAndRuntimes) {
  const ScratchDir d;
  std::filesystem::copy_file(std::string(AUGUR_SOURCE_DIR) + "/hwdesc/boards/jetson-tx1.yaml", d.file("my-tx1.yaml"));
  const std::string net = " --net workloads/caffe/alexnet.prototxt --batch 1 --format json";
  const auto copied = run_augur("simulate --hw " + d.file("my-tx1.yaml") + net);
  ASSERT_EQ(copied.exit_code, 0) << copied.err;
  const auto shipped = run_augur("simulate " + kTx1 + net);
  ASSERT_EQ(shipped.exit_code, 0) << shipped.err;
  // The same files, so the same prediction (equal to rounding).
  EXPECT_NEAR(nlohmann::json::parse(copied.out)["forward_ms"].get<double>(),
              nlohmann::json::parse(shipped.out)["forward_ms"].get<double>(), 1e-9);

  const std::string text = file_text(d.file("my-tx1.yaml"));
  const auto replace = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return t;
  };
  std::ofstream(d.file("by-name.yaml")) << replace("../runtimes/caffe-cublas-gm20b.yaml", "caffe-cublas-gm20b.yaml");
  const auto by_name = run_augur("simulate --hw " + d.file("by-name.yaml") + net);
  ASSERT_EQ(by_name.exit_code, 0) << by_name.err;
  EXPECT_NEAR(nlohmann::json::parse(by_name.out)["forward_ms"].get<double>(),
              nlohmann::json::parse(shipped.out)["forward_ms"].get<double>(), 1e-9);

  std::ofstream(d.file("missing.yaml")) << replace("../runtimes/caffe-cublas-gm20b.yaml", "../runtimes/no-such-stack.yaml");
  const auto missing = run_augur("simulate --hw " + d.file("missing.yaml") + net);
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_NE(missing.err.find("missing.yaml:20:14: gpu.runtime: runtime file '../runtimes/no-such-stack.yaml' not found (looked for "),
            std::string::npos) << missing.err;
  EXPECT_EQ(std::count(missing.err.begin(), missing.err.end(), '\n'), 1);
}

// `runtime:` is optional: auto runs on the processors that have one; naming one without says how.
TEST(CliSimulate, AProcessorWithoutARuntimeIsLeftOutOfAutoAndExplainedWhenChosen) {
  const ScratchDir d;
  std::string text = file_text(std::string(AUGUR_SOURCE_DIR) + "/hwdesc/boards/jetson-tx1.yaml");
  const std::string line = "    runtime: ../runtimes/caffe-openblas-a57.yaml";
  text.erase(text.find(line), text.find('\n', text.find(line)) - text.find(line));
  std::ofstream(d.file("no-cpu-runtime.yaml")) << text;
  const std::string run = "simulate --hw " + d.file("no-cpu-runtime.yaml") + " --net workloads/caffe/alexnet.prototxt --batch 1";
  const auto automatic = run_augur(run + " --processor auto --format json");
  ASSERT_EQ(automatic.exit_code, 0) << automatic.err;
  const auto placed = nlohmann::json::parse(automatic.out);
  for (const auto& layer : placed["layers"]) EXPECT_EQ(layer["processor"], "gpu");
  const auto cpu = run_augur(run + " --processor cpu");
  EXPECT_EQ(cpu.exit_code, 2);
  EXPECT_NE(cpu.err.find("processor 'cpu' has no runtime"), std::string::npos) << cpu.err;
  EXPECT_NE(cpu.err.find("--runtime cpu=FILE"), std::string::npos) << cpu.err;
  const auto given = run_augur(run + " --processor cpu --runtime cpu=hwdesc/runtimes/caffe-openblas-a57.yaml");
  EXPECT_EQ(given.exit_code, 0) << given.err;
}

TEST(CliSimulate, CsvEndsWithATotalsRow) {
  for (const std::string mode : {"forward", "layerwise"}) {
    const std::string run = "simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --batch 1 --mode " + mode;
    const auto csv = run_augur(run + " --format csv"), json = run_augur(run + " --format json");
    ASSERT_EQ(csv.exit_code, 0) << csv.err;
    const auto j = nlohmann::json::parse(json.out);
    std::stringstream lines(csv.out);
    std::string line, last;
    long long macs = 0;
    int rows = 0;
    std::getline(lines, line);  // header
    while (std::getline(lines, line)) {
      if (!last.empty()) macs += std::stoll(split_csv(last)[4]);
      last = line;
      ++rows;
    }
    const auto total = split_csv(last);
    ASSERT_EQ(total.size(), 9u) << last;
    EXPECT_EQ(total[0], "(total)");
    EXPECT_EQ(total[2], "gpu");
    EXPECT_EQ(rows, static_cast<int>(j["layers"].size()) + 1);
    // The whole pass as JSON reports it (both printed to 6 decimals of a millisecond).
    EXPECT_NEAR(std::stod(total[3]), j[mode + "_ms"].get<double>(), 1e-5) << mode;
    EXPECT_EQ(std::stoll(total[4]), macs);  // exactly the layers' sum: integers
  }
}

TEST(CliCompare, TwoBoardsSideBySideGiveWhatSimulateGivesOnEach) {
  const std::string net = " --net workloads/caffe/alexnet.prototxt --batch 1";
  const auto r = run_augur("compare --hw jetson-tx1 --hw hwdesc/boards/jetson-tk1.yaml" + net + " --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  ASSERT_EQ(j["boards"].size(), 2u);
  EXPECT_EQ(j["boards"][0]["label"], "jetson-tx1");
  EXPECT_EQ(j["boards"][1]["label"], "jetson-tk1");
  for (size_t b = 0; b < 2; ++b) {
    const std::string board = b == 0 ? "jetson-tx1" : "jetson-tk1";
    const auto alone = nlohmann::json::parse(run_augur("simulate --hw " + board + net + " --format json").out);
    // The same scenario simulated the same way: equal to rounding.
    EXPECT_NEAR(j["boards"][b]["forward_ms"].get<double>(), alone["forward_ms"].get<double>(), 1e-9) << board;
    double sum = 0;
    for (const auto& layer : j["layers"]) sum += layer["time_ms"][b].get<double>();
    // Layer forward spans add up to the pass less the gaps between layers (launches): within 5%.
    EXPECT_NEAR(sum, alone["forward_ms"].get<double>(), 0.05 * alone["forward_ms"].get<double>()) << board;
  }
  for (const auto& layer : j["layers"]) {
    ASSERT_EQ(layer["time_ms"].size(), 2u);
    EXPECT_EQ(layer["processor"][0], "gpu");
  }
  const auto csv = run_augur("compare --hw jetson-tx1 --hw jetson-tk1" + net + " --format csv");
  ASSERT_EQ(csv.exit_code, 0) << csv.err;
  EXPECT_EQ(csv.out.rfind("name,type,jetson-tx1_ms,jetson-tk1_ms\n", 0), 0u) << csv.out.substr(0, 80);
  EXPECT_NE(csv.out.find("\n(total),,"), std::string::npos);
  const auto one = run_augur("compare --hw jetson-tx1" + net);
  EXPECT_EQ(one.exit_code, 2);
  EXPECT_NE(one.err.find("two or more boards"), std::string::npos) << one.err;
}

TEST(CliSimulate, TimelineSlicesCarryArgsAndTheHostTrackShowsOverheadsAndHandOffs) {
  const ScratchDir d;
  const std::string run = "simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --batch 1 --format json --timeline ";
  const auto gpu = run_augur(run + d.file("gpu.json"));
  ASSERT_EQ(gpu.exit_code, 0) << gpu.err;
  const auto events = nlohmann::json::parse(file_text(d.file("gpu.json")))["traceEvents"];
  int host = 0, kernels = 0;
  for (const auto& e : events) {
    if (e["ph"] != "X") continue;
    if (e["cat"] == "host") {
      ++host;
      EXPECT_EQ(e["tid"], 1) << e;  // the CPU's track: it runs the framework that issues GPU work
      EXPECT_GT(e["dur"].get<double>(), 0) << e;
    } else if (e["cat"] == "kernel") {
      ++kernels;
      EXPECT_EQ(e["tid"], 2) << e;
      const auto& k = e["args"]["kernel"];
      EXPECT_TRUE(k.contains("bound") && k.contains("traffic_bytes") && k.contains("label")) << e;
      EXPECT_TRUE(k.contains("m") || k.contains("elements")) << e;
      EXPECT_TRUE(e["args"].contains("layer_macs")) << e;
    }
  }
  const auto layers = nlohmann::json::parse(gpu.out)["layers"];
  size_t kernel_count = 0;
  for (const auto& l : layers) kernel_count += l["kernels"].size();
  EXPECT_EQ(static_cast<size_t>(kernels), kernel_count);  // every kernel of every layer, once
  EXPECT_GE(static_cast<size_t>(host), layers.size());    // at least each layer's overhead
  EXPECT_NE(events[1]["args"]["name"].get<std::string>().find("(host)"), std::string::npos) << events[1];

  // Auto placement moves AlexNet's classifier ReLUs and softmax to the CPU at batch 1.
  const auto automatic = run_augur(run + d.file("auto.json") + " --processor auto");
  ASSERT_EQ(automatic.exit_code, 0) << automatic.err;
  int handoffs = 0, expected = 0;
  const auto auto_trace = nlohmann::json::parse(file_text(d.file("auto.json")));  // no range-for over a temporary's member
  for (const auto& e : auto_trace["traceEvents"]) {
    if (e.value("cat", "") == "hand-off") ++handoffs;
    if (e.value("cat", "") == "layer") {
      EXPECT_TRUE(e["args"].contains("macs") && e["args"].contains("bound")) << e;
    }
  }
  const auto auto_result = nlohmann::json::parse(automatic.out);
  for (const auto& l : auto_result["layers"]) expected += l["handoff_ms"].get<double>() > 0 ? 1 : 0;
  EXPECT_GT(expected, 0);
  EXPECT_EQ(handoffs, expected);
}

}  // namespace
}  // namespace augur::test
