// The runtime schema table.
#include "sim/hwdesc/runtime_schema.h"

#include <utility>

#include "sim/hwdesc/runtime.h"

namespace augur::hwdesc {
namespace {

using D = Dimension;

// Ranges `augur calibrate` searches (base units). Wide on purpose: a fit that ends at a bound is
// reported as such, so a range only has to exclude the physically meaningless.
constexpr FitRange kEfficiency{0.02, 1.0};      // a fraction of a peak rate
constexpr FitRange kBytesPerCycle{0.01, 64.0};  // per core: at most a few 128-bit loads and stores a cycle
constexpr FitRange kHostTime{1e-8, 1e-2};       // s: 10 ns (a few instructions) to 10 ms per call or layer
constexpr FitRange kPerElement{0.01, 1e3};      // cycles or instructions per element of a loop


SectionSchema cpu_blas() {
  SectionSchema s = make_section("blas", "BLAS library: GEMM blocking, micro-kernel, GEMV");
  s.fields = {
      required_field("library", D::Text, "Library and version, e.g. OpenBLAS 0.2.19"),
      default_field("threads", D::Count, "0",
          "Threads GEMM runs on; 0 = one per core of the cluster (OpenBLAS's default)", Constraint::NonNegative),
      default_field("single_thread_max_macs", D::Count, "0",
          "A call with m·n·k at most this runs on one thread (OpenBLAS: 65536 · GEMM_MULTITHREAD_THRESHOLD); "
          "0 = every call is threaded", Constraint::NonNegative),
      default_field("switch_ratio", D::Count, "0",
          "A call with m or n below switch_ratio · threads runs on one thread (OpenBLAS's SWITCH_RATIO); 0 = no such rule",
          Constraint::NonNegative),
      required_field("mr", D::Count, "Micro-tile rows (UNROLL_M)"),
      required_field("nr", D::Count, "Micro-tile columns (UNROLL_N)"),
      required_field("kc", D::Count, "Depth of a packed block (GEMM_Q)"),
      required_field("mc", D::Count, "Rows of a packed A block (GEMM_P)"),
      required_field("nc", D::Count, "Columns of a packed B block (GEMM_R)"),
      default_field("simd_lanes", D::Count, "0",
          "FP32 lanes per FMA instruction of the micro-kernel (1 = scalar); 0 = the core's SIMD width / 32 "
          "(a kernel written for the core's ISA). Give it to pin a kernel the library ships for another ISA",
          Constraint::NonNegative),
      default_field("fma_per_cycle", D::Real, "0",
          "FMA instructions of that form a core can issue per cycle; 0 = the core's simd_fma_per_cycle",
          Constraint::NonNegative),
      fittable(required_field("kernel_efficiency", D::Real,
                              "Fitted: fraction of the FMA issue rate the micro-kernel sustains", Constraint::Fraction),
               kEfficiency.lo, kEfficiency.hi),
      fittable(required_field("pack_bytes_per_cycle", D::Real, "Fitted: bytes of A or B one core packs per cycle"),
               kBytesPerCycle.lo, kBytesPerCycle.hi),
      fittable(default_field("pack_transposed_bytes_per_cycle", D::Real, "0",
                             "Fitted: bytes one core packs per cycle from a transposed operand (InnerProduct's "
                             "weights, read once from DRAM); 0 = gemv_bytes_per_cycle, the rate at which one core "
                             "streams a matrix it reads once (GEMV, the same weights at batch 1)",
                             Constraint::NonNegative),
               kBytesPerCycle.lo, kBytesPerCycle.hi),
      fittable(default_field("pack_transposed_dram_efficiency", D::Real, "1",
                             "Fitted: fraction of DRAM peak the threads together reach packing a transposed operand "
                             "(strided reads of whole rows); 1 = no limit below the cores' packing rate",
                             Constraint::Fraction),
               kEfficiency.lo, kEfficiency.hi),
      required_field("gemv_threads", D::Count, "Threads GEMV (InnerProduct at batch 1) runs on"),
      fittable(required_field("gemv_bytes_per_cycle", D::Real, "Fitted: matrix bytes one GEMV thread streams per cycle"),
               kBytesPerCycle.lo, kBytesPerCycle.hi),
  };
  return s;
}

SectionSchema cpu_framework() {
  SectionSchema s = make_section("framework", "The framework's own CPU loops (non-BLAS layers)");
  s.fields = {
      required_field("threads", D::Count, "Threads the framework's loops run on (BVLC Caffe: 1)"),
      fittable(required_field("layer_overhead", D::Duration, "Fixed time per layer (call, setup)",
                              Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
      default_field("timer_gap", D::Duration, "0 us",
                    "Host time per layer between one layer's timed region and the next's when every layer is "
                    "timed (caffe time): part of that pass's total (`timed_pass` records), of no layer's time "
                    "(validation/timer_gap.py derives it from the records)",
                    Constraint::NonNegative),
  };
  SectionSchema cycles = make_section("cycles_per_element", "Core cycles per element of each loop");
  cycles.fields.push_back(fittable(required_field("pool_output", D::Real, "Cycles per pooling output element (window "
                                                               "bounds, initialisation, argmax store)"),
                                   kPerElement.lo, kPerElement.hi));
  // What one element of each loop is (docs/model.md, "CPU cost model").
  const std::pair<const char*, const char*> loops[] = {
      {"relu", "an element of a ReLU, PReLU or Clip"},
      {"pool", "a window element a pooling (or Reduce) reads"},
      {"lrn", "an input element of a cross-channel LRN"},
      {"batchnorm", "an element of a BatchNorm"},
      {"scale", "an element of a Scale, Bias or Power layer"},
      {"bias", "an output element of a convolution's or inner product's bias pass (a K = 1 BLAS SGEMM on the BLAS threads)"},
      {"eltwise", "an element of an Eltwise pass (Caffe's SUM: one axpy per bottom; PROD, MAX: one pass per extra bottom)"},
      {"softmax", "an element of a Softmax"},
      {"transcendental", "an element of a Sigmoid or TanH"},
      {"copy", "an element a Concat or Slice copies"},
      {"dropout", "an element of a test-time Dropout"},
      {"im2col", "a column-matrix element im2col writes"}};
  for (const auto& [k, what] : loops) {
    cycles.fields.push_back(fittable(required_field(k, D::Real, std::string("Cycles per ") + what),
                                     kPerElement.lo, kPerElement.hi));
  }
  s.sections = {cycles};
  return s;
}

SectionSchema gpu_gemm() {
  SectionSchema tile = make_section("", "One GEMM kernel of the library: its thread-block tile and resources");
  tile.fields = {
      required_field("m", D::Count, "Tile rows of C per thread block"),
      required_field("n", D::Count, "Tile columns of C per thread block"),
      required_field("k", D::Count, "Steps of k per main-loop iteration (the depth of the staged A and B slices)"),
      required_field("threads", D::Count, "Threads per block"),
      required_field("registers_per_thread", D::Count, "Registers per thread"),
      required_field("shared_memory", D::Bytes, "Shared memory per block"),
  };
  SectionSchema tiles = make_section("tiles", "GEMM kernels by name; tile_selection decides which runs each shape");
  tiles.named_entry = {tile};
  SectionSchema s = make_section("gemm", "GEMM library (e.g. cuBLAS) kernels and their issue efficiency");
  s.fields = {
      required_field("library", D::Text, "Library and version, e.g. cuBLAS (CUDA 8.0)"),
      default_field("tile_selection", D::Text, "fastest",
          "fastest (ideal autotuning) or largest_filling (among tiles whose grid gives every SM a "
          "block, the least padded work, then the largest tile)"),
      fittable(required_field("ffma_fraction", D::Real,
                              "Fitted: share of the SM's issue slots its GEMM main loop issues in (the rest stall); "
                              "of what issues, the tile's instruction mix sets the share of FMAs",
                              Constraint::Fraction),
               kEfficiency.lo, kEfficiency.hi),
      default_field("loop_instructions", D::Real, "6",
          "Instructions per main-loop iteration of a tile besides its FMAs, fragment loads and staging (barriers, "
          "address updates, the branch): they take issue slots from the FMAs",
          Constraint::NonNegative),
      default_field("half2", D::Text, "false",
          "true: the library's fp16 GEMM kernels (lowering.data_type fp16) compute with paired half2 FMAs "
          "(cublasHgemm, cuDNN TRUE_HALF, TensorRT half2 mode): two FMAs per issued instruction, up to the GPU's "
          "fp16_lanes_per_sm; false: fp16 operands computed at the FP32 rate (cublasSgemmEx, pseudo-fp16)"),
      fittable(default_field("dual_issue_fraction", D::Real, "0",
                             "Share of instructions issued as pairs (used where dispatch_per_scheduler > 1)",
                             Constraint::UnitInterval),
               1e-3, 1.0),
      fittable(required_field("gemv_bandwidth_efficiency", D::Real,
                              "Fitted: fraction of DRAM peak the library's GEMV and GEMM kernels stream operands at",
                              Constraint::Fraction),
               kEfficiency.lo, kEfficiency.hi),
      fittable(default_field("library_layer_overhead", D::Duration, "0 us",
                             "Fitted: host time per layer that calls the library (a Convolution or InnerProduct), on "
                             "top of kernels.layer_overhead: the part of such a layer's time that does not grow "
                             "with the batch",
                             Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
  };
  SectionSchema small_n = make_section("small_n",
      "The library's kernel for BLAS calls with few columns (an InnerProduct at a small batch, a 1x1 "
      "convolution with few outputs): A streamed once as by a GEMV, the n dot products at a fraction of the "
      "issue slots (two FMAs per half2 instruction in fp16), instead of the tiles");
  small_n.optional = true;
  small_n.fields = {
      default_field("max_n", D::Count, "0", "Largest n it runs; 0 = the tiles run every GEMM",
                    Constraint::NonNegative),
      fittable(default_field("ffma_fraction", D::Real, "1",
                             "Fitted: share of issue slots that are FFMA in its loop", Constraint::Fraction),
               1e-3, 1.0),
  };
  SectionSchema algorithms = make_section("algorithm_efficiency",
      "Main-loop rate of each convolution algorithm's GEMM kernels relative to the library's SGEMM "
      "(ffma_fraction); read for runtimes whose convolutions run that algorithm");
  algorithms.optional = true;
  for (int a = 1; a < kConvolutionLowerings; ++a) {
    algorithms.fields.push_back(fittable(
        default_field(kConvolutionLoweringNames[a], D::Real, "1",
                      std::string("Fitted: relative main-loop rate of ") + kConvolutionLoweringNames[a],
                      Constraint::Positive),
        0.02, 4.0));
  }
  s.sections = {tiles, small_n, algorithms};
  return s;
}

SectionSchema gpu_kernels() {
  SectionSchema s = make_section("kernels", "Streaming kernels and launch / synchronisation costs");
  s.fields = {
      fittable(required_field("stream_bandwidth_efficiency", D::Real,
                              "Fitted: fraction of DRAM peak the framework's streaming kernels reach",
                              Constraint::Fraction),
               kEfficiency.lo, kEfficiency.hi),
      fittable(default_field("library_stream_factor", D::Real, "1",
                             "Fitted: the layer library's own streaming kernels (under layer_library: cudnn, "
                             "cuDNN's activation, LRN, softmax and average pooling) stream at this multiple of "
                             "stream_bandwidth_efficiency (capped at DRAM peak); 1: as fast as the framework's",
                             Constraint::Positive),
               0.2, 2.0),
      fittable(required_field("kernel_launch", D::Duration, "GPU-side gap between dependent kernels",
                              Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
      fittable(required_field("launch_issue", D::Duration, "CPU time to issue one kernel launch",
                              Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
      fittable(default_field("bias_multiplier_copy", D::Duration, "0 us",
                             "Fitted: host time per layer whose bias pass is Caffe's GEMM with the bias multiplier "
                             "(a Convolution by im2col + GEMM with a bias, an InnerProduct with a bias at batch > 1): "
                             "Reshape refills the multiplier on the host every pass, so the pass copies it to the "
                             "device with a synchronous cudaMemcpy first",
                             Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
      fittable(required_field("layer_overhead", D::Duration, "Framework CPU time per layer", Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
      fittable(required_field("layer_sync", D::Duration,
                              "Extra time per layer when each layer is timed (synchronise + events)",
                              Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
      fittable(default_field("timer_gap", D::Duration, "0 us",
                             "Host time per layer between one layer's timed region and the next's when every layer "
                             "is timed (caffe time: reading the events, the loop, the next Start): part of that "
                             "pass's total (`timed_pass` records), of no layer's time (validation/timer_gap.py "
                             "derives it from the records)",
                             Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
      fittable(required_field("block_launch", D::Cycles, "Cycles to launch one thread block", Constraint::NonNegative),
               1.0, 1e5),
  };
  SectionSchema ops = make_section("ops_per_element", "Instructions per element of each streaming "
                                                      "kernel class (pool: per window element)");
  for (const char* k : {"im2col", "bias", "relu", "pool", "lrn", "batchnorm", "scale", "eltwise",
                        "softmax", "transcendental", "copy", "dropout"}) {
    ops.fields.push_back(fittable(required_field(k, D::Real, std::string("Instructions per element: ") + k,
                                                 Constraint::NonNegative),
                                  kPerElement.lo, kPerElement.hi));
  }
  ops.fields.push_back(fittable(default_field("transform", D::Real, "1",
                                              "Instructions per arithmetic operation of a Winograd or FFT transform",
                                              Constraint::NonNegative),
                                kPerElement.lo, kPerElement.hi));
  s.sections = {ops};
  return s;
}

SectionSchema lowering() {
  SectionSchema s = make_section("lowering", "How the stack lowers layers to kernels (default: as Caffe does)");
  s.optional = true;
  s.fields = {
      default_field("convolution", D::Text, "im2col_gemm",
          "im2col_gemm (per image and group: im2col, one GEMM, a bias pass, as Caffe) or implicit_gemm "
          "(one GEMM per group over the whole batch, operands read in place, bias in the output write), or "
          "one of cuDNN's algorithms implicit_precomp_gemm, gemm, winograd, winograd_nonfused, fft, fft_tiling "
          "(docs/model.md, \"Convolution algorithms\"); a layer its shape refuses runs implicit_gemm"),
      default_field("convolution_candidates", D::Text, "",
          "Algorithms (names as for convolution, separated by spaces or commas) of which each convolution "
          "runs the fastest that its shape allows and whose workspace fits (cuDNN's FindEx as NVIDIA Caffe "
          "0.15 calls it, TensorRT's timing of kernels); empty: always `convolution`"),
      default_field("workspace_limit", D::Bytes, "0 B",
          "Largest workspace a candidate algorithm may use; 0 = no limit", Constraint::NonNegative),
      default_field("layer_library", D::Text, "caffe",
          "caffe (Caffe's CUDA kernels for every other layer) or cudnn (Caffe's cuDNN layers: ReLU, LRN, Softmax "
          "and average pooling as one cuDNN call each, a convolution's bias added per group by cudnnAddTensor; "
          "Caffe still runs max pooling, inner products and the rest)"),
      default_field("inner_product", D::Text, "gemv_at_batch_1",
          "gemv_at_batch_1 (GEMV for one row, else GEMM; a bias pass, as Caffe) or gemm (always one GEMM, "
          "bias in the output write)"),
      default_field("data_type", D::Text, "fp32", "Element type computed and stored: fp32, fp16 or int8"),
      default_field("fusion", D::Text, "none",
          "none (every layer runs its own kernels, as Caffe) or conv_bias_relu (a Convolution or InnerProduct "
          "whose only reader is a ReLU applies bias and ReLU as it writes its output: one fused layer) or "
          "convolution_bias_relu (the same for Convolutions only, as TensorRT 1.0)"),
      default_field("concat", D::Text, "copy",
          "copy (Concat copies its bottoms, as Caffe) or in_place (the producers write into the concatenation's "
          "buffer and Concat runs nothing, as TensorRT)"),
      default_field("elementwise", D::Text, "caffe",
          "caffe (Caffe's Scale and Eltwise layers: an in-place Scale first copies its input to temp_; an "
          "Eltwise SUM zeroes its top, then one axpy per bottom; PROD and MAX one kernel per extra bottom) or "
          "single_pass (one kernel reads every bottom once and writes the top, as an inference engine)"),
      default_field("dropout", D::Text, "run",
          "run (one pass over its data: test-time Caffe) or train (TRAIN phase, as `caffe time` times it: "
          "a 32-bit random number per element from cuRAND, then a kernel applying the mask) or removed (an "
          "inference engine drops it)"),
  };
  return s;
}

SectionSchema accelerator_driver() {
  SectionSchema s = make_section("driver", "Host-side costs of driving an accelerator (systolic_array runtimes)");
  s.optional = true;
  s.fields = {
      fittable(required_field("layer_overhead", D::Duration, "Framework CPU time per layer", Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
      fittable(required_field("launch_issue", D::Duration, "CPU time to issue one command", Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
      fittable(required_field("layer_sync", D::Duration, "Extra time per layer when each layer is timed",
                              Constraint::NonNegative),
               kHostTime.lo, kHostTime.hi),
  };
  return s;
}

SectionSchema make_runtime_schema() {
  SectionSchema root = make_section("", "A software stack on one processor");
  root.fields = {
      required_field("name", D::Text, "Stack name, e.g. BVLC Caffe + OpenBLAS 0.2.19 on Cortex-A57"),
      required_field("processor", D::Text, "The processor model it runs on: cpu, gpu or systolic_array"),
      default_field("description", D::Text, "", "Free text"),
      unread(default_field("stack", D::Text, "",
                           "The software stack it models, as the library tag of CK records and trace files "
                           "(e.g. caffe-nvidia-cudnn, tensorrt-1.0.0-fp16); trace compare checks it"),
             "identifies the stack; trace compare reads it"),
      required_field("fitted_on", D::Text, "The records the fitted values were fitted on, and the command"),
      default_field("host_clock", D::Frequency, "0 Hz",
                    "The clock of the host CPU on which the stack's host times (layer overheads, launch issue, "
                    "synchronisation, timer gaps, a synchronous copy's driver call) were measured or fitted. On a "
                    "board whose host CPU (a cpu processor's own clock; an accelerator's: the board's first cpu) "
                    "runs at another clock they scale by host_clock / that clock; 0: not scaled",
                    Constraint::NonNegative),
  };
  SectionSchema blas = cpu_blas(), framework = cpu_framework(), gemm = gpu_gemm(), kernels = gpu_kernels();
  for (auto* s : {&blas, &framework, &gemm, &kernels}) s->optional = true;
  blas.description += " (cpu runtimes)";
  framework.description += " (cpu runtimes)";
  gemm.description += " (gpu runtimes)";
  kernels.description += " (gpu runtimes)";
  SectionSchema memory = make_section("memory", "What the stack allocates besides the network");
  memory.fields = {
      unread(required_field("fixed", D::Bytes,
                            "Fitted: framework and library code, heap, CUDA context and handles"),
             "read by memory planning, not by the time model"),
      unread(required_field("weight_copies", D::Count,
                            "Copies of the weights it keeps (Caffe on a GPU: host and device, 2)"),
             "read by memory planning, not by the time model"),
  };
  root.sections = {lowering(), blas, framework, gemm, kernels, accelerator_driver(), memory};
  return root;
}

}  // namespace

const SectionSchema& runtime_schema() {
  static const SectionSchema schema = make_runtime_schema();
  return schema;
}

}  // namespace augur::hwdesc
