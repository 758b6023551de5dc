// Which processor and software stack a trace says it was recorded with, and whether a simulation
// models the same: comparing a cuDNN or TensorRT trace with the cuBLAS model, or a CPU trace with
// the GPU, gives "errors" that are only the difference between two stacks.
#pragma once

#include <string>
#include <vector>

#include "sim/validate/trace.h"

namespace augur {

struct TraceIdentity {
  std::string processor;  // "cpu", "gpu" or "" (not recorded)
  std::string stack;      // the CK library tag (e.g. caffe-nvidia-cudnn) or "" (not recorded)
};

// CK records: the processor from choices.cmd_key (time_cpu, time_gpu) or a TensorRT program
// (data_uoa tensorrt-time); the stack from a file name of the form *ck-STACK_bN.* (the CK
// experiment's tag, as ../shared/validation/traces names them), else "tensorrt" for a TensorRT
// program. Other formats name neither.
TraceIdentity trace_identity(const Trace& trace);

// Why the run does not model what the trace recorded (empty when it does): the processor model of
// the simulated processor ("cpu", "gpu", ...) and the stack its runtime declares (`stack:`).
// What either side does not state is not a mismatch.
std::vector<std::string> trace_mismatches(const TraceIdentity& trace, const std::string& processor_name,
                                          const std::string& processor_model, const std::string& runtime_name,
                                          const std::string& runtime_stack);

}  // namespace augur
