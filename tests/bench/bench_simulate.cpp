// Speed of the model layer (Google Benchmark). Not a test of times: CI runs each benchmark once,
// briefly, to keep it building and running; scripts/bench.sh records the numbers.
#include <benchmark/benchmark.h>

#include "tests/bench/bench_fixtures.h"

#include "sim/hwdesc/loader.h"
#include "sim/hwdesc/runtime_loader.h"
#include "sim/model/cpu/cpu_gemm.h"
#include "sim/model/gpu/gpu_gemm.h"
#include "sim/schedule/simulation.h"
#include "sim/sweep/sweep.h"
#include "sim/sweep/vary.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"

namespace augur {
namespace {

using bench::repo;
using bench::tx1;

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

// A sweep as `augur sweep` runs it: ResNet-50 and GoogLeNet on the TX1 GPU over 15 GPU L2 sizes ×
// 11 GPU clocks (330 points), one thread: points/s and layer evaluations/s per core (loading the
// board, runtimes and networks once per sweep is included).
void BM_SweepResNet50GoogLeNetGpu(benchmark::State& state) {
  sweep::SweepSpec spec;
  spec.board = repo("hwdesc/boards/jetson-tx1.yaml");
  spec.networks = {repo("workloads/caffe/resnet50.prototxt"), repo("workloads/caffe/googlenet.prototxt")};
  spec.processors = {"gpu"};
  spec.varies = {sweep::parse_vary("gpu.l2.size=64KiB..1GiB*2"), sweep::parse_vary("gpu.clock=500MHz..1GHz+50MHz")};
  spec.network = NetworkOptions::with_batch(1);
  std::int64_t points = 0, layers = 0;
  for (auto _ : state) {
    const auto result = sweep::run_sweep(spec, 1, sweep::Shard{}, {});
    points = static_cast<std::int64_t>(result.rows.size());
    benchmark::DoNotOptimize(result);
  }
  for (const char* net : {"workloads/caffe/resnet50.prototxt", "workloads/caffe/googlenet.prototxt"}) {
    layers += static_cast<std::int64_t>(load_network(repo(net), NetworkOptions::with_batch(1)).graph.layers().size());
  }
  const double per_sweep_layers = static_cast<double>(layers) * static_cast<double>(points) / 2.0;
  state.counters["points_per_s"] = benchmark::Counter(static_cast<double>(points), benchmark::Counter::kIsIterationInvariantRate);
  state.counters["layer_evaluations_per_s"] = benchmark::Counter(per_sweep_layers, benchmark::Counter::kIsIterationInvariantRate);
}
BENCHMARK(BM_SweepResNet50GoogLeNetGpu)->Unit(benchmark::kMillisecond);

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
