// A measured trace normalised from whatever tool recorded it: per-layer forward times (mean and
// range over repetitions), whole-pass times, the setup, and GEMM-level records. The importers
// (trace_import.h) produce it; `augur trace import` prints it as JSON.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace augur {

struct TraceLayer {
  std::string label;            // as recorded, e.g. "03: conv2 + relu2"
  std::vector<std::string> layers;  // the network layers it covers: {"conv2", "relu2"}
  double time_ms = 0;           // mean over repetitions
  double min_ms = 0, max_ms = 0;
  int repetitions = 0;
};

struct GemmRecord {  // one GEMM call timed in isolation (DeepBench)
  std::int64_t m = 0, n = 0, k = 0;
  bool a_transposed = false, b_transposed = false;
  double time_ms = 0;
};

struct Trace {
  std::string file;
  std::string format;                       // "ck-json", "caffe-log", "deepbench-csv"
  std::map<std::string, std::string> setup;  // batch, framework, platform, clocks, ... as recorded
  std::optional<std::int64_t> batch;
  std::optional<double> forward_ms;         // the whole pass, mean over repetitions
  std::optional<double> data_bytes;         // Caffe's "Memory required for data", when recorded
  int repetitions = 0;
  std::vector<TraceLayer> layers;           // forward direction only, in recorded order
  std::vector<GemmRecord> gemms;
};

// Splits a recorded label into network layer names: "03: conv2 + relu2" -> {"conv2", "relu2"}
// (an index prefix "NN: " is dropped; TensorRT fuses layers with " + ").
std::vector<std::string> covered_layers(const std::string& label);

}  // namespace augur
