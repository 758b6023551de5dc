// A software stack that runs networks on one processor (e.g. Caffe + OpenBLAS on the CPU, Caffe +
// cuBLAS on the GPU) as plain structs: which kernels it runs and the parameters of their cost
// models. Hardware facts live in Platform; values fitted to measurements live here, each with the
// records they were fitted on (see hwdesc/runtimes/*.yaml and docs/model.md).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <variant>
#include <vector>

#include "sim/core/error.h"

namespace augur {

// The element type a stack computes and stores in.
enum class DataType { Fp32, Fp16, Int8 };

// Bytes of one element of `type`.
constexpr std::int64_t element_bytes(DataType type) {
  return type == DataType::Fp32 ? 4 : type == DataType::Fp16 ? 2 : 1;
}
constexpr const char* data_type_name(DataType type) {
  return type == DataType::Fp32 ? "fp32" : type == DataType::Fp16 ? "fp16" : "int8";
}

// How a stack lowers a convolution to kernels (sim/lower/ has one strategy per value). The last
// six are cuDNN 5.1's forward algorithms besides IMPLICIT_GEMM (sim/lower/convolution_algorithms.h).
enum class ConvolutionLowering {
  Im2colGemm,           // Caffe: per image and group, im2col into a column buffer, one GEMM, a bias pass
  ImplicitGemm,         // one GEMM per group over the whole batch, operands read in place (no column
                        // buffer; bias folded into the output write unless the library adds it)
  ImplicitPrecompGemm,  // the same GEMM with precomputed input offsets (a small workspace)
  Gemm,                 // im2col of the whole batch into the workspace, then one GEMM per group
  Winograd,             // fused Winograd F(2x2, 3x3): 3x3 stride-1 filters, 16 products per 2x2 tile
  WinogradNonfused,     // transforms + batched GEMM of F(4x4, 3x3) or F(2x2, 5x5): 36 products per tile
  Fft,                  // FFT of whole planes, a complex GEMM per frequency, inverse FFT (stride 1)
  FftTiling,            // the same over 32x32 tiles of the planes (stride 1, filters up to 32x32)
};
inline constexpr int kConvolutionLowerings = 8;
// The runtime YAML's name of each strategy (cuDNN's algorithm names in lower case), by value.
inline constexpr const char* kConvolutionLoweringNames[kConvolutionLowerings] = {
    "im2col_gemm", "implicit_gemm", "implicit_precomp_gemm", "gemm", "winograd", "winograd_nonfused", "fft",
    "fft_tiling"};
constexpr const char* convolution_lowering_name(ConvolutionLowering lowering) {
  return kConvolutionLoweringNames[static_cast<int>(lowering)];
}

// Which library runs the layers besides convolution and inner product.
enum class LayerLibrary {
  Caffe,  // Caffe's own CUDA kernels (LRN: 2 kernels, Softmax: 6)
  Cudnn,  // Caffe's cuDNN layers: ReLU, LRN, Softmax and average pooling as one cuDNN call each
          // (max pooling stays Caffe's), a convolution's bias added by cudnnAddTensor per group
};
// How a stack lowers an inner product.
enum class InnerProductLowering {
  GemvAtBatchOne,  // Caffe: GEMV when one row, else GEMM; then a bias pass
  Gemm,            // always one GEMM, bias folded into the output write
};

// Which kernels a stack fuses (a pass over the lowered kernels of consecutive layers).
enum class Fusion {
  None,          // Caffe: every layer runs its own kernels
  ConvBiasRelu,  // a Convolution or InnerProduct whose only reader is a ReLU: the bias and the ReLU
                 // are applied as the GEMM writes its output (one fused layer, as TensorRT does)
  ConvolutionBiasRelu,  // the same for Convolutions only (TensorRT 1.0's "CBR": its per-layer
                        // profiles show fc6 and relu6 apart)
};

// What a Dropout layer runs.
enum class DropoutLowering {
  Pass,     // one pass over its data (test-time Caffe, and a CPU TRAIN pass whose RNG cost is in
            // the fitted cycles per element)
  Train,    // TRAIN phase, as `caffe time` runs it on the GPU: cuRAND writes one 32-bit random
            // number per element, then DropoutForward reads input and mask and writes the output
  Removed,  // an inference engine drops it: nothing runs
};

// How Scale and Eltwise layers run.
enum class ElementwiseLowering {
  Caffe,       // Caffe's layers: a Scale computed in place first copies its input to temp_ (kept
               // for the backward pass) on every forward; Eltwise SUM zeroes the top, then one axpy
               // per bottom; PROD and MAX one kernel per extra bottom (scale_layer.cu, eltwise_layer.cu)
  SinglePass,  // an inference engine: one kernel reads every bottom once and writes the top
};

struct Lowering {
  ConvolutionLowering convolution = ConvolutionLowering::Im2colGemm;
  // Non-empty: each convolution runs the fastest of these that its shape allows and whose
  // workspace fits (cuDNN's FindEx as NVIDIA Caffe 0.15 calls it; TensorRT's timing of
  // candidates); `convolution` is then unused.
  std::vector<ConvolutionLowering> convolution_candidates;
  std::int64_t workspace_limit_bytes = 0;  // 0: no limit
  LayerLibrary layer_library = LayerLibrary::Caffe;
  bool concat_in_place = false;  // producers write into the concatenation's buffer: Concat runs nothing
  DropoutLowering dropout = DropoutLowering::Pass;
  ElementwiseLowering elementwise = ElementwiseLowering::Caffe;
  InnerProductLowering inner_product = InnerProductLowering::GemvAtBatchOne;
  DataType data_type = DataType::Fp32;
  Fusion fusion = Fusion::None;

  bool operator==(const Lowering&) const = default;
};

// Cycles per element of the framework's own CPU loops (one thread each, as BVLC Caffe runs them).
struct CpuLoopCosts {
  double relu = 0;         // per element
  double pool = 0;         // per window element read
  double pool_output = 0;  // per output element (window bounds, initialisation, argmax store)
  double lrn = 0;          // per element (across channels; Caffe calls powf per element)
  double batchnorm = 0;    // per element
  double scale = 0;        // per element (Scale, Bias, Power)
  double bias = 0;         // per output element of a convolution's or inner product's bias pass
  double eltwise = 0;      // per element of an Eltwise pass (Caffe's SUM: per axpy element)
  double softmax = 0;      // per element
  double transcendental = 0;  // per element (Sigmoid, TanH)
  double copy = 0;         // per element (Concat, Slice copies)
  double dropout = 0;      // per element (test-time Dropout)
  double im2col = 0;       // per column element written
};

struct CpuRuntime {
  // BLAS GEMM: Goto/BLIS blocking and the micro-kernel's instruction form.
  int threads = 0;               // 0: one per core of the cluster
  // Per call, the library falls back to one thread for small calls (OpenBLAS interface/gemm.c:
  // m·n·k ≤ single_thread_max_macs) and for thin ones (level3_thread.c: m or n < switch_ratio ·
  // threads). 0: no such rule.
  std::int64_t single_thread_max_macs = 0;
  int switch_ratio = 0;
  int mr = 0, nr = 0, kc = 0, mc = 0, nc = 0;
  int simd_lanes = 0;            // FP32 lanes per FMA instruction of the micro-kernel; 0: the core's
  double fma_per_cycle = 0;      // FMA instructions per cycle the micro-kernel issues; 0: the core's
  double kernel_efficiency = 1;  // fitted: fraction of that rate sustained
  double pack_bytes_per_cycle = 1;  // fitted: bytes one core packs per cycle
  double pack_transposed_bytes_per_cycle = 0;  // the same for a transposed operand; 0 = gemv_bytes_per_cycle
  // fitted: the transposed operand's strided reads reach at most this fraction of DRAM peak (all
  // threads together)
  double pack_transposed_dram_efficiency = 1;
  // BLAS GEMV (InnerProduct at batch 1).
  int gemv_threads = 1;
  double gemv_bytes_per_cycle = 1;  // fitted: matrix bytes streamed per cycle per thread
  // The framework's own loops.
  int loop_threads = 1;
  double layer_overhead_s = 0;
  double timer_gap_s = 0;  // per layer between timed regions of a per-layer-timed pass (caffe time)
  CpuLoopCosts cycles;
};

struct GpuGemmTile {
  std::string name;
  int m = 0, n = 0, k = 0;
  int threads = 0;
  int registers_per_thread = 0;
  std::int64_t shared_memory_bytes = 0;
};

// Arithmetic instructions per element of the framework's CUDA kernels, per thread.
struct GpuOpsPerElement {
  double im2col = 4, bias = 1, relu = 1, pool = 6, lrn = 12, batchnorm = 4, scale = 1, eltwise = 1,
         softmax = 8, transcendental = 8, copy = 0, dropout = 1;
  double transform = 1;  // per arithmetic operation of a Winograd or FFT transform
};

struct GpuRuntime {
  std::vector<GpuGemmTile> tiles;  // the library's GEMM kernels
  // How the library picks a tile: the fastest one (an ideal autotuner), or by size (among tiles
  // whose grid gives every SM a block: the least padded work, then the largest tile), falling
  // back to the fastest when no tile fills the SMs.
  enum class TileSelection { Fastest, LargestFilling };
  TileSelection selection = TileSelection::Fastest;
  double ffma_fraction = 1;        // fitted: share of issue slots the GEMM main loop issues in
  double dual_issue_fraction = 0;  // share of instructions paired (dual-issue GPUs only)
  double loop_instructions = 6;    // per main-loop iteration of a tile, besides FMAs, loads, staging
  // fp16 GEMMs compute with paired half2 FMAs (cublasHgemm, cuDNN's TRUE_HALF, TensorRT's half2
  // mode): two FMAs per issued instruction, up to the GPU's fp16 lanes; else at the FP32 rate.
  bool half2 = false;
  // The main-loop rate of each convolution algorithm's GEMM kernels relative to the library's
  // SGEMM (ffma_fraction), indexed by ConvolutionLowering; 1 for im2col_gemm.
  std::array<double, kConvolutionLowerings> algorithm_efficiency{1, 1, 1, 1, 1, 1, 1, 1};
  double gemv_bandwidth_efficiency = 1;    // fitted: fraction of DRAM peak a GEMV streams at
  // The library's kernel for a transposed A and few columns (n ≤ small_n_max_n; 0: none): it
  // streams A once, like a GEMV, and computes the n dot products at small_n_ffma_fraction of the
  // issue slots (no register blocking across rows), instead of the tiles' wave schedule.
  int small_n_max_n = 0;
  double small_n_ffma_fraction = 1;  // fitted
  double library_layer_overhead_s = 0;     // fitted: host time per layer that calls the GEMM library
  double stream_bandwidth_efficiency = 1;  // fitted: fraction of DRAM peak streaming kernels reach
  // fitted: the layer library's streaming kernels (Kernel::library_stream) reach this multiple of
  // stream_bandwidth_efficiency; 1: the same as the framework's own kernels
  double library_stream_factor = 1;
  double kernel_launch_s = 0;      // GPU-side gap between dependent kernels
  double launch_issue_s = 0;       // CPU time to issue one kernel launch
  double bias_multiplier_copy_s = 0;  // fitted: a layer's copy of Caffe's bias multiplier to the device
  double layer_overhead_s = 0;     // framework CPU time per layer (forward mode)
  double layer_sync_s = 0;         // per layer when each layer is timed (layerwise mode)
  double timer_gap_s = 0;          // per layer, between one layer's timed region and the next's
                                   // in a per-layer-timed pass (caffe time): in its total, in no layer
  double block_launch_cycles = 0;  // per thread block (wave scheduling overhead)
  GpuOpsPerElement ops;
};

// The host-side costs of driving an accelerator (a systolic array) layer by layer.
struct AcceleratorRuntime {
  double layer_overhead_s = 0;  // framework CPU time per layer
  double launch_issue_s = 0;    // CPU time to issue one command to the accelerator
  double layer_sync_s = 0;      // per layer when each layer is timed (layerwise mode)
};

// What the runtime allocates besides the network itself.
struct RuntimeMemory {
  std::int64_t fixed_bytes = 0;  // fitted: framework, libraries, heap, CUDA context and handles
  int weight_copies = 1;         // a Caffe GPU run keeps host blobs and device blobs: 2
  std::int64_t bytes_per_element = element_bytes(DataType::Fp32);  // of its data type (lowering)
};

struct Runtime {
  std::string name;
  std::string description;
  std::string fitted_on;  // the records the fitted values come from
  std::string stack;      // the stack it models, as CK's library tag (e.g. caffe-nvidia-cudnn); "" unstated
  std::string model;      // the processor model it runs on: "cpu", "gpu", "systolic_array"
  // The host CPU clock at which its host times (per layer, per launch, per sync, timer gaps,
  // copies) hold; 0: unstated, not scaled on other hosts (sim/model/host_time.h).
  double host_clock_hz = 0;
  RuntimeMemory memory;
  Lowering lowering;
  std::variant<CpuRuntime, GpuRuntime, AcceleratorRuntime> params;  // by model

  template <class T>
  const T& as() const {
    const T* p = std::get_if<T>(&params);
    if (p == nullptr) throw InternalError("runtime '" + name + "' is not of the expected processor model");
    return *p;
  }
  template <class T>
  T& as() {
    return const_cast<T&>(static_cast<const Runtime&>(*this).as<T>());
  }
};

}  // namespace augur
