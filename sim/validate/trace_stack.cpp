// Trace identity and stack checks.
#include "sim/validate/trace_stack.h"

#include <cctype>
#include <filesystem>

#include <fmt/format.h>

namespace augur {
namespace {

std::string setup_value(const Trace& t, const char* key) {
  const auto it = t.setup.find(key);
  return it == t.setup.end() ? std::string() : it->second;
}

// "tx1_alexnet_ck-caffe-nvidia-cudnn_b16.log" -> "caffe-nvidia-cudnn"; "" when the name has no
// "ck-" followed by a tag and "_b" + digits.
std::string stack_from_file_name(const std::string& file) {
  const std::string name = std::filesystem::path(file).filename().string();
  const size_t start = name.find("ck-");
  if (start == std::string::npos) return "";
  const size_t tag = start + 3;
  for (size_t end = name.find("_b", tag); end != std::string::npos; end = name.find("_b", end + 1)) {
    size_t digits = end + 2;
    while (digits < name.size() && std::isdigit(static_cast<unsigned char>(name[digits])) != 0) ++digits;
    if (digits > end + 2 && end > tag) return name.substr(tag, end - tag);
  }
  return "";
}

}  // namespace

TraceIdentity trace_identity(const Trace& trace) {
  TraceIdentity id;
  if (trace.format != "ck-json") return id;
  const std::string cmd = setup_value(trace, "cmd_key"), program = setup_value(trace, "data_uoa");
  if (cmd == "time_cpu") id.processor = "cpu";
  if (cmd == "time_gpu" || program.rfind("tensorrt", 0) == 0) id.processor = "gpu";
  id.stack = stack_from_file_name(trace.file);
  if (id.stack.empty() && program.rfind("tensorrt", 0) == 0) id.stack = "tensorrt";
  return id;
}

std::vector<std::string> trace_mismatches(const TraceIdentity& trace, const std::string& processor_name,
                                          const std::string& processor_model, const std::string& runtime_name,
                                          const std::string& runtime_stack) {
  std::vector<std::string> out;
  if (!trace.processor.empty() && trace.processor != processor_model) {
    out.push_back(fmt::format("the trace was recorded on a {}, the simulation runs on '{}' (a {})", trace.processor,
                              processor_name, processor_model));
  }
  if (!trace.stack.empty() && !runtime_stack.empty() && trace.stack != runtime_stack) {
    out.push_back(fmt::format("the trace was recorded with {}, the runtime '{}' models {}", trace.stack, runtime_name,
                              runtime_stack));
  }
  return out;
}

}  // namespace augur
