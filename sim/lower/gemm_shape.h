// The shape of one GEMM call, as the cost models see it: C(m×n) = op(A)(m×k)·B(k×n) in the
// column-major terms of a BLAS library, with the element size of its data type.
#pragma once

#include <cstdint>

namespace augur {

struct GemmShape {
  std::int64_t m = 0, n = 0, k = 0;
  bool a_transposed = false;
  std::int64_t element_bytes = 4;  // of A, B and C
  // The main-loop rate of the kernel that runs it relative to the library's SGEMM: 1, or the
  // efficiency of the convolution algorithm whose GEMM it is (GpuRuntime::algorithm_efficiency).
  double relative_rate = 1.0;
  // A call of the BLAS library, which picks its own kernel (cuBLAS's skinny-n kernel included);
  // false for the GEMM inside a convolution algorithm (cuDNN, TensorRT), which has its own kernels.
  bool blas_call = true;
};

}  // namespace augur
