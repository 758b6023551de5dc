// Speed of the model layer (Google Benchmark). Not a test of times: CI runs each benchmark once,
// briefly, to keep it building and running; scripts/bench.sh records the numbers.
#include <benchmark/benchmark.h>

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/model/cpu/cpu_gemm.h"
#include "sim/model/gpu/gpu_gemm.h"
#include "sim/schedule/simulation.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"

namespace augur {
namespace {

std::string repo(const std::string& relative) { return std::string(AUGUR_SOURCE_DIR) + "/" + relative; }

struct Tx1 {
  hwdesc::LoadedPlatform board = hwdesc::load_platform(repo("hwdesc/boards/jetson-tx1.yaml"));
  hwdesc::LoadedRuntime cpu = hwdesc::load_runtime(repo("hwdesc/runtimes/caffe-openblas-a57.yaml"));
  hwdesc::LoadedRuntime gpu = hwdesc::load_runtime(repo("hwdesc/runtimes/caffe-cublas-gm20b.yaml"));
};

const Tx1& tx1() {
  static const Tx1 stacks;
  return stacks;
}

void simulate_network(benchmark::State& state, const char* model, const char* placement) {
  const Network net = load_network(repo(model), NetworkOptions::with_batch(1));
  const Runtimes runtimes{{"cpu", &tx1().cpu.runtime}, {"gpu", &tx1().gpu.runtime}};
  for (auto _ : state) {
    benchmark::DoNotOptimize(simulate(net, tx1().board.platform, runtimes, SimulationOptions{placement}));
  }
  const auto layers = static_cast<double>(net.graph.layers().size());
  state.counters["layers"] = layers;
  state.counters["layers_per_s"] = benchmark::Counter(layers, benchmark::Counter::kIsIterationInvariantRate);
}

void BM_SimulateResNet152Tx1Gpu(benchmark::State& s) { simulate_network(s, "workloads/caffe/resnet152.prototxt", "gpu"); }
void BM_SimulateResNet152Tx1Cpu(benchmark::State& s) { simulate_network(s, "workloads/caffe/resnet152.prototxt", "cpu"); }
void BM_SimulateVgg16Tx1Auto(benchmark::State& s) { simulate_network(s, "workloads/caffe/vgg16.prototxt", "auto"); }
BENCHMARK(BM_SimulateResNet152Tx1Gpu)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimulateResNet152Tx1Cpu)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_SimulateVgg16Tx1Auto)->Unit(benchmark::kMillisecond);

void BM_GpuGemmCost(benchmark::State& state) {
  const GemmShape shape{3136, 256, 2304, false};
  for (auto _ : state) {
    benchmark::DoNotOptimize(gpu_gemm_cost(shape, 1, tx1().gpu.runtime.as<GpuRuntime>(), tx1().board.platform.hardware<Gpu>("gpu"),
                                           tx1().board.platform.memory));
  }
}
BENCHMARK(BM_GpuGemmCost);

void BM_CpuGemmCost(benchmark::State& state) {
  const GemmShape shape{3136, 256, 2304, false};
  for (auto _ : state) {
    benchmark::DoNotOptimize(cpu_gemm_cost(shape, tx1().cpu.runtime.as<CpuRuntime>(), tx1().board.platform.hardware<CpuCluster>("cpu"),
                                           tx1().board.platform.memory));
  }
}
BENCHMARK(BM_CpuGemmCost);

void BM_ImportResNet152(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(load_network(repo("workloads/caffe/resnet152.prototxt")));
}
BENCHMARK(BM_ImportResNet152)->Unit(benchmark::kMillisecond);

// ONNX: protobuf parse, ONNX's schema checks and shape inference, conversion, Augur's shapes.
void BM_ImportResNet152Onnx(benchmark::State& state) {
  for (auto _ : state) benchmark::DoNotOptimize(load_network(repo("workloads/onnx/resnet152.onnx")));
}
BENCHMARK(BM_ImportResNet152Onnx)->Unit(benchmark::kMillisecond);

}  // namespace
}  // namespace augur

BENCHMARK_MAIN();
