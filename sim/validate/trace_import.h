// Importers of measured traces into Trace:
//   ck-json        Collective Knowledge records of `caffe time` / TensorRT runs
//                  (characteristics_list[].run.per_layer_info[], time_fw_ms, memory_mbytes);
//   caffe-log      raw `caffe time` console output ("conv1\tforward: 17.8 ms.",
//                  "Average Forward pass: 433.4 ms.");
//   deepbench-csv  the DeepBench GEMM table (m,n,k,a_t,b_t,time_ms,...).
// Every malformed input is a UserError naming the file, the line (and column) and what was
// expected.
#pragma once

#include <filesystem>
#include <string>

#include "sim/validate/trace.h"

namespace augur {

// Reads a file and detects its format from its content.
Trace import_trace(const std::filesystem::path& file);

// The same from text (tests, fuzzing).
Trace import_trace_text(const std::string& text, const std::string& display_name);

}  // namespace augur
