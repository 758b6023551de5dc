// Small constructors of Kernel shared by the lowering strategies.
#pragma once

#include <cstdint>

#include "sim/lower/kernel.h"

namespace augur {

// A streaming kernel: `elements` of work, bytes read and written per launch.
inline Kernel stream_kernel(const char* label, StreamOp op, std::int64_t elements, std::int64_t read,
                            std::int64_t written, std::int64_t launches = 1, int gpu_kernels = 1) {
  Kernel k;
  k.gpu_kernels_per_call = gpu_kernels;
  k.kind = KernelKind::Stream;
  k.label = label;
  k.op = op;
  k.elements = elements;
  k.bytes_read = read;
  k.bytes_written = written;
  k.launches = launches;
  return k;
}

// `k`, marked as the layer library's own kernel when `by_library` (Kernel::library_stream).
inline Kernel library_stream(Kernel k, bool by_library) {
  k.library_stream = by_library;
  return k;
}

// A GEMM C(m×n) = A(m×k)·B(k×n), `launches` identical calls.
inline Kernel gemm_kernel(const char* label, std::int64_t m, std::int64_t n, std::int64_t k, std::int64_t launches) {
  Kernel g;
  g.kind = KernelKind::Gemm;
  g.label = label;
  g.m = m;
  g.n = n;
  g.k = k;
  g.launches = launches;
  return g;
}

}  // namespace augur
