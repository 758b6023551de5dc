// GEMM-level validation.
#include "sim/validate/gemm_check.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "sim/model/gpu/gpu_gemm.h"

namespace augur {
namespace {

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const size_t n = v.size();
  return n % 2 ? v[n / 2] : 0.5 * (v[n / 2 - 1] + v[n / 2]);
}

}  // namespace

GemmValidation check_gemms(const std::vector<GemmRecord>& records, const Gpu& gpu, const Memory& memory,
                           const GpuRuntime& runtime) {
  GemmValidation out;
  std::map<std::string, std::vector<double>> errors;
  for (const auto& r : records) {
    GemmCheck c;
    c.record = r;
    c.shape_class = r.n <= 64 ? "small N" : (r.a_transposed || r.b_transposed) ? "transposed" : "large";
    // A GEMM timed alone, back to back: the kernel, without a framework's launch gaps.
    GpuRuntime alone = runtime;
    alone.kernel_launch_s = 0;
    const KernelCost cost = gpu_gemm_cost(GemmShape{r.m, r.n, r.k, r.a_transposed, element_bytes(DataType::Fp32)}, 1,
                                          alone, gpu, memory);
    c.tile = cost.detail;
    c.predicted_ms = 1e3 * cost.seconds;
    c.error = c.predicted_ms / r.time_ms - 1;
    errors[c.shape_class].push_back(c.error);
    out.checks.push_back(c);
  }
  for (const auto& [name, e] : errors) {
    std::vector<double> abs;
    for (double x : e) abs.push_back(std::fabs(x));
    out.classes.push_back({name, static_cast<int>(e.size()), median(abs), *std::max_element(abs.begin(), abs.end()), median(e)});
  }
  return out;
}

}  // namespace augur
