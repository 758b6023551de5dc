// Whole `augur` processes, as a user's script runs them: start-up, reading the board and the
// network, simulating and writing the output, timed from spawn to exit (Google Benchmark with
// manual time), with the child's peak resident memory (wait4's rusage) as a counter.
#include <fcntl.h>
#include <spawn.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <benchmark/benchmark.h>

#include "tests/bench/bench_fixtures.h"

extern char** environ;

namespace augur {
namespace {

using bench::repo;

struct Run {
  double seconds = 0;
  double peak_rss_mb = 0;
  int status = -1;
};

// One process of the augur binary with `args`, its output thrown away.
Run run_augur(const std::vector<std::string>& args) {
  std::vector<std::string> words{AUGUR_BINARY};
  words.insert(words.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (auto& w : words) argv.push_back(w.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  Run run;
  const auto start = std::chrono::steady_clock::now();
  pid_t pid = 0;
  if (posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ) != 0) return run;
  int status = 0;
  rusage usage{};
  wait4(pid, &status, 0, &usage);
  run.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  posix_spawn_file_actions_destroy(&actions);
  run.peak_rss_mb = static_cast<double>(usage.ru_maxrss) / 1024.0;
  run.status = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return run;
}

void process(benchmark::State& state, const std::vector<std::string>& args) {
  double peak = 0;
  for (auto _ : state) {
    const Run r = run_augur(args);
    if (r.status != 0) {
      state.SkipWithError("augur exited with an error");
      return;
    }
    state.SetIterationTime(r.seconds);
    peak = std::max(peak, r.peak_rss_mb);
  }
  state.counters["peak_rss_mb"] = peak;
}

const std::string kTx1 = repo("hwdesc/boards/jetson-tx1.yaml");

void BM_ProcessVersion(benchmark::State& s) { process(s, {"--version"}); }
BENCHMARK(BM_ProcessVersion)->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_ProcessSimulateResNet152Json(benchmark::State& s) {
  process(s, {"simulate", "--hw", kTx1, "--net", repo("workloads/caffe/resnet152.prototxt"), "--format", "json"});
}
BENCHMARK(BM_ProcessSimulateResNet152Json)->UseManualTime()->Unit(benchmark::kMillisecond);

// Every shipped Caffe workload, simulated with JSON output on the TX1 GPU.
void BM_ProcessSimulateCaffeJson(benchmark::State& s, const char* name) {
  process(s, {"simulate", "--hw", kTx1, "--net", repo(std::string("workloads/caffe/") + name + ".prototxt"),
              "--format", "json"});
}
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, alexnet, "alexnet")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, caffenet, "caffenet")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, googlenet, "googlenet")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, mobilenet_v1, "mobilenet_v1")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, nin, "nin")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, resnet50, "resnet50")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, resnet101, "resnet101")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, squeezenet_v1_0, "squeezenet_v1.0")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, squeezenet_v1_1, "squeezenet_v1.1")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, vgg16, "vgg16")->UseManualTime()->Unit(benchmark::kMillisecond);
BENCHMARK_CAPTURE(BM_ProcessSimulateCaffeJson, vgg19, "vgg19")->UseManualTime()->Unit(benchmark::kMillisecond);

void BM_ProcessSimulateResNet152Onnx(benchmark::State& s) {
  process(s, {"simulate", "--hw", kTx1, "--net", repo("workloads/onnx/resnet152.onnx"), "--format", "json"});
}
BENCHMARK(BM_ProcessSimulateResNet152Onnx)->UseManualTime()->Unit(benchmark::kMillisecond);

// A 100,000-layer network (a chain of 50,000 3x3 convolutions with in-place ReLUs on 8x8x8
// blobs), simulated with JSON output: time and peak memory of the whole process.
const std::string& deep_network() {
  static const std::string path = [] {
    const std::string p = (std::filesystem::temp_directory_path() / "augur-bench-deep100k.prototxt").string();
    std::ofstream out(p);
    out << "name: \"deep\"\ninput: \"data\"\ninput_shape { dim: 1 dim: 8 dim: 8 dim: 8 }\n";
    std::string previous = "data";
    for (int i = 0; i < 50000; ++i) {
      const std::string c = "c" + std::to_string(i);
      out << "layer { name: \"" << c << "\" type: \"Convolution\" bottom: \"" << previous << "\" top: \"" << c
          << "\" convolution_param { num_output: 8 kernel_size: 3 pad: 1 } }\n"
          << "layer { name: \"r" << i << "\" type: \"ReLU\" bottom: \"" << c << "\" top: \"" << c << "\" }\n";
      previous = c;
    }
    return p;
  }();
  return path;
}

void BM_ProcessSimulate100kLayersJson(benchmark::State& s) {
  process(s, {"simulate", "--hw", kTx1, "--net", deep_network(), "--format", "json", "--out", "/dev/null"});
}
BENCHMARK(BM_ProcessSimulate100kLayersJson)->UseManualTime()->Unit(benchmark::kMillisecond)->Iterations(3);

}  // namespace
}  // namespace augur
