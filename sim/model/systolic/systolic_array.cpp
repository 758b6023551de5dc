// SCALE-Sim's analytical systolic-array model, with SRAM/DRAM traffic and stalls.
#include "sim/model/systolic/systolic_array.h"

#include <algorithm>
#include <string>

namespace augur {
namespace {

std::int64_t ceil_div(std::int64_t a, std::int64_t b) { return (a + b - 1) / b; }

}  // namespace

SystolicFolds systolic_folds(const SystolicGemm& g, const SystolicArray& a) {
  const std::int64_t r = a.rows, c = a.cols;
  SystolicFolds out;
  switch (a.dataflow) {
    case Dataflow::OutputStationary:
      out.folds = ceil_div(g.p, r) * ceil_div(g.f, c);
      out.cycles_per_fold = static_cast<double>(g.t + r + c - 2);
      break;
    case Dataflow::WeightStationary:
      out.folds = ceil_div(g.t, r) * ceil_div(g.f, c);
      out.cycles_per_fold = static_cast<double>(2 * r + c + g.p - 2);
      break;
    case Dataflow::InputStationary:
      out.folds = ceil_div(g.t, r) * ceil_div(g.p, c);
      out.cycles_per_fold = static_cast<double>(2 * r + c + g.f - 2);
      break;
  }
  out.compute_cycles = static_cast<double>(out.folds) * out.cycles_per_fold;
  return out;
}

double systolic_dram_bytes(const SystolicGemm& g, const SystolicArray& a) {
  const double e = static_cast<double>(g.element_bytes);
  const double r = a.rows, c = a.cols;
  const double ifmap = static_cast<double>(g.ifmap_bytes), filters = static_cast<double>(g.filter_bytes);
  const double ofmap = static_cast<double>(g.ofmap_bytes);
  const double ifmap_half = a.ifmap_sram_bytes / 2.0, filter_half = a.filter_sram_bytes / 2.0;
  const double ofmap_half = a.ofmap_sram_bytes / 2.0;
  const double p_folds_r = static_cast<double>(ceil_div(g.p, a.rows));
  const double f_folds = static_cast<double>(ceil_div(g.f, a.cols));
  const double t_folds = static_cast<double>(ceil_div(g.t, a.rows));
  const double p_folds_c = static_cast<double>(ceil_div(g.p, a.cols));
  switch (a.dataflow) {
    case Dataflow::OutputStationary: {
      const double ifmap_reads = r * g.t * e <= ifmap_half ? 1.0 : f_folds;
      const double filter_reads = filters <= filter_half ? 1.0 : p_folds_r;
      return ifmap * ifmap_reads + filters * filter_reads + ofmap;
    }
    case Dataflow::WeightStationary: {
      const double ifmap_reads = ifmap <= ifmap_half ? 1.0 : f_folds;
      const double partials = static_cast<double>(g.p) * c * e <= ofmap_half ? 0.0 : 2.0 * (t_folds - 1);
      return ifmap * ifmap_reads + filters + ofmap * (1.0 + partials);
    }
    case Dataflow::InputStationary: {
      const double filter_reads = filters <= filter_half ? 1.0 : p_folds_c;
      const double partials = c * g.f * e <= ofmap_half ? 0.0 : 2.0 * (t_folds - 1);
      return ifmap + filters * filter_reads + ofmap * (1.0 + partials);
    }
  }
  return 0;
}

KernelCost systolic_gemm_cost(const SystolicGemm& g, std::int64_t launches, const SystolicArray& a,
                              const Memory& memory) {
  const SystolicFolds folds = systolic_folds(g, a);
  const double dram = systolic_dram_bytes(g, a);
  const double bytes_per_cycle = memory.bandwidth_bytes_per_s / a.clock_hz;
  const double fold_transfer_cycles = dram / static_cast<double>(folds.folds) / bytes_per_cycle;
  const double stall = static_cast<double>(folds.folds) * std::max(0.0, fold_transfer_cycles - folds.cycles_per_fold);
  const double n = static_cast<double>(launches);
  KernelCost cost;
  cost.cycles = n * folds.compute_cycles;
  cost.stall_cycles = n * stall;
  cost.compute_seconds = cost.cycles / a.clock_hz;
  cost.memory_seconds = n * dram / memory.bandwidth_bytes_per_s;
  cost.seconds = (cost.cycles + cost.stall_cycles) / a.clock_hz;
  cost.dram_bytes = n * dram;
  cost.bound = stall > 0 ? Bound::Memory : Bound::Compute;
  // SRAM traffic: every MAC reads one ifmap and one filter operand as it enters the array, per
  // fold the stationary operand is loaded once; outputs are written once per T fold they span.
  const double e = static_cast<double>(g.element_bytes);
  const double macs = static_cast<double>(g.p) * g.f * g.t;
  double ifmap_sram = 0, filter_sram = 0, ofmap_sram = 0;
  switch (a.dataflow) {
    case Dataflow::OutputStationary:  // ifmap rows stream across F folds, filters across P folds
      ifmap_sram = static_cast<double>(g.p) * g.t * e * static_cast<double>((g.f + a.cols - 1) / a.cols);
      filter_sram = static_cast<double>(g.t) * g.f * e * static_cast<double>((g.p + a.rows - 1) / a.rows);
      ofmap_sram = static_cast<double>(g.p) * g.f * e;
      break;
    case Dataflow::WeightStationary:
      filter_sram = static_cast<double>(g.t) * g.f * e;
      ifmap_sram = static_cast<double>(g.p) * g.t * e * static_cast<double>((g.f + a.cols - 1) / a.cols);
      ofmap_sram = static_cast<double>(g.p) * g.f * e * static_cast<double>((g.t + a.rows - 1) / a.rows);
      break;
    case Dataflow::InputStationary:
      ifmap_sram = static_cast<double>(g.p) * g.t * e;
      filter_sram = static_cast<double>(g.t) * g.f * e * static_cast<double>((g.p + a.cols - 1) / a.cols);
      ofmap_sram = static_cast<double>(g.p) * g.f * e * static_cast<double>((g.t + a.rows - 1) / a.rows);
      break;
  }
  cost.traffic.add("ifmap_sram", n * ifmap_sram);
  cost.traffic.add("filter_sram", n * filter_sram);
  cost.traffic.add("ofmap_sram", n * ofmap_sram);
  cost.traffic.add("dram", cost.dram_bytes);
  cost.utilisation = n * macs / (static_cast<double>(a.rows) * a.cols * (cost.cycles + cost.stall_cycles));
  const char* dataflow = a.dataflow == Dataflow::OutputStationary   ? "os"
                         : a.dataflow == Dataflow::WeightStationary ? "ws"
                                                                    : "is";
  cost.detail = std::string(dataflow) + ", " + std::to_string(folds.folds) + " folds";
  return cost;
}

}  // namespace augur
