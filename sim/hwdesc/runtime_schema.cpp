// The runtime schema table.
#include "sim/hwdesc/runtime_schema.h"

namespace augur::hwdesc {
namespace {

using D = Dimension;
using R = Requirement;

FieldSchema req(std::string key, Dimension d, std::string description,
                Constraint c = Constraint::Positive) {
  if (d == D::Text) c = Constraint::None;
  return FieldSchema{std::move(key), d, R::Required, "", std::move(description), c};
}

FieldSchema opt(std::string key, Dimension d, std::string default_text, std::string description,
                Constraint c = Constraint::Positive) {
  if (d == D::Text) c = Constraint::None;
  return FieldSchema{std::move(key), d, R::Default, std::move(default_text), std::move(description), c};
}

SectionSchema cpu_blas() {
  SectionSchema s = make_section("blas", "BLAS library: GEMM blocking, micro-kernel, GEMV");
  s.fields = {
      req("library", D::Text, "Library and version, e.g. OpenBLAS 0.2.19"),
      req("threads", D::Count, "Threads GEMM runs on"),
      req("mr", D::Count, "Micro-tile rows (UNROLL_M)"),
      req("nr", D::Count, "Micro-tile columns (UNROLL_N)"),
      req("kc", D::Count, "Depth of a packed block (GEMM_Q)"),
      req("mc", D::Count, "Rows of a packed A block (GEMM_P)"),
      req("nc", D::Count, "Columns of a packed B block (GEMM_R)"),
      req("simd_lanes", D::Count, "FP32 lanes per FMA instruction of the micro-kernel (1 = scalar)"),
      req("fma_per_cycle", D::Real, "FMA instructions of that form a core can issue per cycle"),
      req("kernel_efficiency", D::Real, "Fitted: fraction of the FMA issue rate the micro-kernel sustains"),
      req("pack_bytes_per_cycle", D::Real, "Fitted: bytes of A or B one core packs per cycle"),
      req("pack_transposed_bytes_per_cycle", D::Real,
          "Fitted: bytes one core packs per cycle from a transposed operand"),
      req("gemv_threads", D::Count, "Threads GEMV (InnerProduct at batch 1) runs on"),
      req("gemv_bytes_per_cycle", D::Real, "Fitted: matrix bytes one GEMV thread streams per cycle"),
  };
  return s;
}

SectionSchema cpu_framework() {
  SectionSchema s = make_section("framework", "The framework's own CPU loops (non-BLAS layers)");
  s.fields = {
      req("threads", D::Count, "Threads the framework's loops run on (BVLC Caffe: 1)"),
      req("layer_overhead", D::Duration, "Fixed time per layer (call, setup)", Constraint::NonNegative),
  };
  SectionSchema cycles = make_section("cycles_per_element", "Core cycles per element of each loop");
  cycles.fields.push_back(req("pool_output", D::Real, "Cycles per pooling output element (window "
                                                      "bounds, initialisation, argmax store)"));
  for (const char* k : {"relu", "pool", "lrn", "batchnorm", "scale", "eltwise", "softmax",
                        "transcendental", "copy", "dropout", "im2col"}) {
    cycles.fields.push_back(req(k, D::Real, std::string("Cycles per element: ") + k +
                                                 " (pool: per window element read)"));
  }
  s.sections = {cycles};
  return s;
}

SectionSchema gpu_gemm() {
  SectionSchema tile = make_section("", "One GEMM kernel of the library: its thread-block tile and resources");
  tile.fields = {
      req("m", D::Count, "Tile rows of C per thread block"),
      req("n", D::Count, "Tile columns of C per thread block"),
      req("k", D::Count, "Depth loaded per main-loop step"),
      req("threads", D::Count, "Threads per block"),
      req("registers_per_thread", D::Count, "Registers per thread"),
      req("shared_memory", D::Bytes, "Shared memory per block"),
  };
  SectionSchema tiles = make_section("tiles", "GEMM kernels by name; the fastest for each shape is used");
  tiles.named_entry = {tile};
  SectionSchema s = make_section("gemm", "GEMM library (e.g. cuBLAS) kernels and their issue efficiency");
  s.fields = {
      req("library", D::Text, "Library and version, e.g. cuBLAS (CUDA 8.0)"),
      opt("tile_selection", D::Text, "fastest",
          "fastest (ideal autotuning) or largest_filling (among tiles whose grid gives every SM a "
          "block, the least padded work, then the largest tile)"),
      req("ffma_fraction", D::Real, "Fitted: share of issue slots that are FFMA in the main loop"),
      opt("dual_issue_fraction", D::Real, "0",
          "Share of instructions issued as pairs (used where dispatch_per_scheduler > 1)",
          Constraint::NonNegative),
      req("gemv_bandwidth_efficiency", D::Real,
          "Fitted: fraction of DRAM peak the library's GEMV and GEMM kernels stream operands at"),
  };
  s.sections = {tiles};
  return s;
}

SectionSchema gpu_kernels() {
  SectionSchema s = make_section("kernels", "Streaming kernels and launch / synchronisation costs");
  s.fields = {
      req("stream_bandwidth_efficiency", D::Real,
          "Fitted: fraction of DRAM peak the framework's streaming kernels reach"),
      req("kernel_launch", D::Duration, "GPU-side gap between dependent kernels", Constraint::NonNegative),
      req("launch_issue", D::Duration, "CPU time to issue one kernel launch", Constraint::NonNegative),
      req("layer_overhead", D::Duration, "Framework CPU time per layer", Constraint::NonNegative),
      req("layer_sync", D::Duration,
          "Extra time per layer when each layer is timed (synchronise + events)", Constraint::NonNegative),
      req("block_launch", D::Cycles, "Cycles to launch one thread block", Constraint::NonNegative),
  };
  SectionSchema ops = make_section("ops_per_element", "Instructions per element of each streaming "
                                                      "kernel class (pool: per window element)");
  for (const char* k : {"im2col", "bias", "relu", "pool", "lrn", "batchnorm", "scale", "eltwise",
                        "softmax", "transcendental", "copy", "dropout"}) {
    ops.fields.push_back(req(k, D::Real, std::string("Instructions per element: ") + k, Constraint::NonNegative));
  }
  s.sections = {ops};
  return s;
}

SectionSchema make_runtime_schema() {
  SectionSchema root = make_section("", "A software stack on one processor");
  root.fields = {
      req("name", D::Text, "Stack name, e.g. BVLC Caffe + OpenBLAS 0.2.19 on Cortex-A57"),
      req("processor", D::Text, "cpu or gpu"),
      opt("description", D::Text, "", "Free text"),
      req("fitted_on", D::Text, "The records the fitted values were fitted on, and the command"),
  };
  SectionSchema blas = cpu_blas(), framework = cpu_framework(), gemm = gpu_gemm(), kernels = gpu_kernels();
  for (auto* s : {&blas, &framework, &gemm, &kernels}) s->optional = true;
  blas.description += " (cpu runtimes)";
  framework.description += " (cpu runtimes)";
  gemm.description += " (gpu runtimes)";
  kernels.description += " (gpu runtimes)";
  root.sections = {blas, framework, gemm, kernels};
  return root;
}

}  // namespace

const SectionSchema& runtime_schema() {
  static const SectionSchema schema = make_runtime_schema();
  return schema;
}

}  // namespace augur::hwdesc
