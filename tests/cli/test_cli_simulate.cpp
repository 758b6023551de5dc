// `augur simulate` as a user and other tools see it: the JSON contract, views, errors.
#include <algorithm>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/cli/cli_runner.h"

namespace augur::test {
namespace {

const std::string kTx1 = "--hw hwdesc/boards/jetson-tx1.yaml";

TEST(CliSimulate, JsonHasTheDocumentedKeys) {
  const auto r = run_augur("simulate " + kTx1 + " --net workloads/caffe/alexnet.prototxt --batch 1 --format json");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const auto j = nlohmann::json::parse(r.out);
  for (const char* key : {"forward_ms", "layerwise_ms", "by_type_ms", "layers", "platform", "network", "batch"}) {
    EXPECT_TRUE(j.contains(key)) << key;
  }
  EXPECT_EQ(j["batch"], 1);
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
  EXPECT_EQ(csv.out.rfind("name,type,processor,time_ms,macs,dram_bytes,bound\n", 0), 0u);
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

}  // namespace
}  // namespace augur::test
