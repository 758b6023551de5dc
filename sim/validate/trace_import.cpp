// Trace importers.
#include "sim/validate/trace_import.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <sstream>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include "sim/core/error.h"
#include "sim/core/file_input.h"
#include "sim/core/strict_number.h"

namespace augur {
namespace {

constexpr std::uintmax_t kMaxFileBytes = 64u << 20;
constexpr std::int64_t kMaxGemmSize = std::int64_t{1} << 30;

SourceLocation line_column(const std::string& text, size_t byte, const std::string& file) {
  byte = std::min(byte, text.size());
  const int line = 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(byte), '\n'));
  const auto last_newline = text.rfind('\n', byte == 0 ? 0 : byte - 1);
  const int column = static_cast<int>(byte - (last_newline == std::string::npos || byte == 0 ? 0 : last_newline + 1)) + 1;
  return SourceLocation{file, line, column};
}

// Accumulates per-label times over repetitions, keeping the recorded order.
struct LayerTimes {
  std::vector<std::string> order;
  std::map<std::string, std::vector<double>> times;
  void add(const std::string& label, double ms) {
    if (!times.count(label)) order.push_back(label);
    times[label].push_back(ms);
  }
  std::vector<TraceLayer> layers() const {
    std::vector<TraceLayer> out;
    for (const auto& label : order) {
      const auto& t = times.at(label);
      TraceLayer l;
      l.label = label;
      l.layers = covered_layers(label);
      l.repetitions = static_cast<int>(t.size());
      l.min_ms = *std::min_element(t.begin(), t.end());
      l.max_ms = *std::max_element(t.begin(), t.end());
      double sum = 0;
      for (double x : t) sum += x;
      l.time_ms = sum / static_cast<double>(t.size());
      out.push_back(l);
    }
    return out;
  }
};

double mean(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += x;
  return s / static_cast<double>(v.size());
}

const nlohmann::json& member(const nlohmann::json& j, const char* key, const std::string& where) {
  if (!j.is_object() || !j.contains(key)) throw UserError(fmt::format("{}: missing '{}'", where, key));
  return j.at(key);
}

double number(const nlohmann::json& j, const std::string& where) {
  if (!j.is_number()) throw UserError(fmt::format("{}: expected a number, got {}", where, j.type_name()));
  const double value = j.get<double>();
  if (!std::isfinite(value)) throw UserError(fmt::format("{}: expected a finite number", where));
  return value;
}

// A batch size recorded as a JSON number: a positive integer small enough for int64 (a cast of
// 1e300 or NaN to an integer is undefined behaviour, so it is checked first).
std::int64_t batch_size(double value, const std::string& where) {
  if (!(value >= 1 && value <= 1e9) || value != std::floor(value)) {
    throw UserError(fmt::format("{}: expected a batch size (a positive integer up to 1e9), got {}", where, value));
  }
  return static_cast<std::int64_t>(value);
}

Trace import_ck_json(const std::string& text, const std::string& file) {
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw UserError(line_column(text, e.byte == 0 ? 0 : e.byte - 1, file),
                    "not valid JSON (a CK record was expected): " + std::string(e.what()).substr(std::string(e.what()).find(':') + 2));
  } catch (const nlohmann::json::out_of_range& e) {
    // e.g. a number literal like 1e999999 that does not fit a double
    throw UserError(file + ": not a usable CK record: " + std::string(e.what()).substr(std::string(e.what()).find(']') + 2));
  }
  Trace t;
  t.file = file;
  t.format = "ck-json";
  const auto& list = member(j, "characteristics_list", file);
  if (!list.is_array() || list.empty()) throw UserError(file + ": 'characteristics_list' is not a non-empty array");
  LayerTimes layers;
  std::vector<double> forward, data;
  for (size_t i = 0; i < list.size(); ++i) {
    const std::string where = fmt::format("{}: characteristics_list[{}].run", file, i);
    const auto& run = member(list[i], "run", fmt::format("{}: characteristics_list[{}]", file, i));
    if (run.contains("time_fw_ms")) forward.push_back(number(run["time_fw_ms"], where + ".time_fw_ms"));
    // 0 means "not recorded" (TensorRT runs)
    if (run.contains("memory_bytes") && run["memory_bytes"].is_number() && run["memory_bytes"].get<double>() > 0) {
      data.push_back(run["memory_bytes"].get<double>());
    }
    if (run.contains("REAL_ENV_CK_CAFFE_BATCH_SIZE")) {
      t.batch = batch_size(number(run["REAL_ENV_CK_CAFFE_BATCH_SIZE"], where), where + ".REAL_ENV_CK_CAFFE_BATCH_SIZE");
    }
    const auto& per_layer = member(run, "per_layer_info", where);
    if (!per_layer.is_array()) throw UserError(where + ".per_layer_info: expected an array");
    for (size_t k = 0; k < per_layer.size(); ++k) {
      const std::string w = fmt::format("{}.per_layer_info[{}]", where, k);
      const auto& entry = per_layer[k];
      if (entry.contains("direction") && entry["direction"] != "forward") continue;
      const auto& label = member(entry, "label", w);
      if (!label.is_string()) throw UserError(w + ".label: expected a string");
      const double ms = number(member(entry, "time_ms", w), w + ".time_ms");
      if (ms < 0) throw UserError(fmt::format("{}.time_ms: negative time {}", w, ms));
      layers.add(label.get<std::string>(), ms);
    }
  }
  t.repetitions = static_cast<int>(list.size());
  t.layers = layers.layers();
  if (!forward.empty()) t.forward_ms = mean(forward);
  if (!data.empty()) t.data_bytes = mean(data);
  if (j.contains("choices") && j["choices"].is_object()) {
    const auto& c = j["choices"];
    for (const char* key : {"cmd_key", "cpu_freq", "gpu_freq", "data_uoa"}) {
      if (c.contains(key) && c[key].is_string()) t.setup[key] = c[key].get<std::string>();
    }
    if (c.contains("env") && c["env"].is_object() && c["env"].contains("CK_CAFFE_BATCH_SIZE") &&
        c["env"]["CK_CAFFE_BATCH_SIZE"].is_number()) {
      t.batch = batch_size(c["env"]["CK_CAFFE_BATCH_SIZE"].get<double>(), file + ": choices.env.CK_CAFFE_BATCH_SIZE");
    }
  }
  if (j.contains("features") && j["features"].contains("platform") && j["features"]["platform"].contains("cpu") &&
      j["features"]["platform"]["cpu"].contains("name") && j["features"]["platform"]["cpu"]["name"].is_string()) {
    t.setup["platform"] = j["features"]["platform"]["cpu"]["name"].get<std::string>();
  }
  if (t.batch) t.setup["batch"] = std::to_string(*t.batch);
  return t;
}

// "<number> ms." after `prefix` on a line, or a UserError at that line.
double milliseconds_after(const std::string& line, size_t at, const SourceLocation& where) {
  size_t i = at;
  while (i < line.size() && line[i] == ' ') ++i;
  double value = 0;
  const auto [ptr, ec] = std::from_chars(line.data() + i, line.data() + line.size(), value);
  if (ec != std::errc() || !std::isfinite(value) || value < 0) {
    throw UserError(SourceLocation{where.file, where.line, static_cast<int>(i) + 1},
                    "expected a time in ms (a finite number >= 0)");
  }
  const std::string rest(ptr, line.data() + line.size());
  if (rest.rfind(" ms", 0) != 0) {
    throw UserError(SourceLocation{where.file, where.line, static_cast<int>(ptr - line.data()) + 1},
                    "expected the unit 'ms' after the time");
  }
  return value;
}

Trace import_caffe_log(const std::string& text, const std::string& file) {
  Trace t;
  t.file = file;
  t.format = "caffe-log";
  LayerTimes layers;
  std::istringstream in(text);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    const SourceLocation where{file, n, 1};
    const auto avg = line.find("Average Forward pass:");
    if (avg != std::string::npos) {
      t.forward_ms = milliseconds_after(line, avg + 21, where);
      continue;
    }
    // Caffe's net set-up logs each top blob: "... net.cpp:163] Top shape: 1 3 224 224 (150528)". The
    // first is the input's, and its first dimension the batch the log was recorded at.
    const auto top = line.find("Top shape:");
    if (top != std::string::npos) {
      if (!t.batch) {
        std::int64_t n = 0;
        const char* begin = line.data() + top + 10;
        while (begin < line.data() + line.size() && *begin == ' ') ++begin;
        const auto [ptr, ec] = std::from_chars(begin, line.data() + line.size(), n);
        if (ec == std::errc() && ptr != begin && *ptr == ' ' && n >= 1 && n <= 1000000000) {
          t.batch = n;
          t.setup["batch"] = std::to_string(n);
          t.setup["batch_from"] = fmt::format("line {} (Top shape)", where.line);
        }
      }
      continue;
    }
    const auto fw = line.find("forward:");
    if (fw == std::string::npos || line.find("Average Forward-Backward") != std::string::npos) continue;
    // "I1207 02:11:13.915462  1234 caffe.cpp:404]     conv1\tforward: 17.8 ms."
    const auto bracket = line.rfind("] ", fw);
    const std::string name_field = line.substr(bracket == std::string::npos ? 0 : bracket + 2, fw - (bracket == std::string::npos ? 0 : bracket + 2));
    const auto a = name_field.find_first_not_of(" \t"), b = name_field.find_last_not_of(" \t");
    if (a == std::string::npos) throw UserError(where, "a 'forward:' time without a layer name");
    layers.add(name_field.substr(a, b - a + 1), milliseconds_after(line, fw + 8, where));
  }
  t.layers = layers.layers();
  if (t.layers.empty() && !t.forward_ms) {
    throw UserError(SourceLocation{file, 1, 1}, "no 'forward:' lines: not the output of `caffe time`");
  }
  t.repetitions = t.layers.empty() ? 1 : t.layers.front().repetitions;
  return t;
}

Trace import_deepbench(const std::string& text, const std::string& file) {
  Trace t;
  t.file = file;
  t.format = "deepbench-csv";
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  for (int n = 2; std::getline(in, line); ++n) {
    if (line.empty()) continue;
    std::vector<std::string> f;
    std::stringstream cells(line);
    for (std::string cell; std::getline(cells, cell, ',');) f.push_back(cell);
    const SourceLocation where{file, n, 1};
    if (f.size() < 6) throw UserError(where, fmt::format("expected m,n,k,a_t,b_t,time_ms, got {} fields", f.size()));
    GemmRecord g;
    // Sizes within the limits of network layers (2^30), so no product overflows in the model.
    const auto m = parse_integer(f[0], 1, kMaxGemmSize), cols = parse_integer(f[1], 1, kMaxGemmSize),
               k = parse_integer(f[2], 1, kMaxGemmSize);
    const auto ms = parse_finite_number(f[5]);
    if (!m || !cols || !k) throw UserError(where, "m, n and k must be whole numbers between 1 and 2^30");
    if (!ms || *ms <= 0) throw UserError(where, "time_ms must be a finite number > 0");
    g.m = *m;
    g.n = *cols;
    g.k = *k;
    g.time_ms = *ms;
    if ((f[3] != "N" && f[3] != "T") || (f[4] != "N" && f[4] != "T")) throw UserError(where, "a_t and b_t must be N or T");
    g.a_transposed = f[3] == "T";
    g.b_transposed = f[4] == "T";
    t.gemms.push_back(g);
  }
  if (t.gemms.empty()) throw UserError(SourceLocation{file, 2, 1}, "no GEMM rows");
  t.repetitions = 1;
  return t;
}

}  // namespace

Trace import_trace_text(const std::string& text, const std::string& display_name) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) throw UserError(SourceLocation{display_name, 1, 1}, "the trace is empty");
  if (text[first] == '{') return import_ck_json(text, display_name);
  if (text.rfind("m,n,k,a_t,b_t,time_ms", 0) == 0) return import_deepbench(text, display_name);
  if (text.find("forward:") != std::string::npos || text.find("Average Forward pass:") != std::string::npos) {
    return import_caffe_log(text, display_name);
  }
  throw UserError(SourceLocation{display_name, 1, 1},
                  "unrecognised trace: expected a CK JSON record, `caffe time` output, or the DeepBench "
                  "GEMM CSV (m,n,k,a_t,b_t,time_ms)");
}

Trace import_trace(const std::filesystem::path& file) {
  return import_trace_text(read_input_file(file, kMaxFileBytes, "a trace"), file.string());
}

}  // namespace augur
