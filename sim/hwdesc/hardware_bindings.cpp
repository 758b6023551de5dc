// Every hardware key of a board, declared once: schema entry and struct member together.
#include "sim/hwdesc/binding.h"

namespace augur::hwdesc {
namespace {

using D = Dimension;

// The keys every processor entry has, whatever its model (read into Processor, not the hardware).
std::vector<FieldSchema> processor_keys() {
  return {
      required_field("model", D::Text, "The processor model (`augur hw models` lists them)"),
      default_field("runtime", D::Text, "",
                    "The software stack that runs networks on it: a runtime file, e.g. "
                    "../runtimes/caffe-cublas-gm20b.yaml, relative to the file that names it, else to each "
                    "folder of the board search path (docs/cli.md), or a file name in hwdesc/runtimes/. "
                    "Optional: a processor without one runs layers only when `--runtime NAME=FILE` gives it one "
                    "(`auto` leaves it out)"),
  };
}

SectionBinding<CpuCluster> make_cpu_cluster() {
  using C = CpuCluster;
  SectionBinding<C> s{"cpu",
                      "Model `cpu`: a cluster of CPU cores sharing an L2 (usually `use:` a core file from "
                      "hwdesc/cores/ and set `cores` and `clock`)",
                      processor_keys(),
                      {},
                      {}};
  s.keys = {
      bind(&C::name, required_field("name", D::Text, "Core model, e.g. ARM Cortex-A57")),
      bind(&C::isa, required_field("isa", D::Text, "Instruction set the software is built for, e.g. armv8-a")),
      bind(&C::cores, required_field("cores", D::Count, "Cores in the cluster that run the network")),
      bind(&C::clock_hz, required_field("clock", D::Frequency, "Core clock")),
      bind(&C::simd_width_bits, required_field("simd_width", D::Bits, "Width of one SIMD (NEON/ASIMD) register",
                                               Constraint::PowerOfTwo)),
      bind(&C::fp_pipes, unread(required_field("fp_pipes", D::Count, "FP/SIMD issue pipes per core"),
                                "simd_fma_per_cycle gives the issue rate the model uses")),
      bind(&C::simd_fma_per_cycle, required_field("simd_fma_per_cycle", D::Real,
                                                  "Full-width SIMD fused multiply-adds issued per cycle per core")),
      bind(&C::loads_per_cycle, required_field("loads_per_cycle", D::Count, "Loads issued per cycle per core")),
      bind(&C::stores_per_cycle, unread(required_field("stores_per_cycle", D::Count, "Stores issued per cycle per core"),
                                        "the micro-kernel's stores (C, once per kc block) are not a modelled limit")),
  };
  const std::string core_latency = "Load-to-use latency of a hit, in core cycles";
  s.subsections = {
      bind_cache(&C::l1d, "l1d", "Private L1 data cache of each core", true, true, core_latency, false),
      bind_cache(&C::l1i, "l1i", "Private L1 instruction cache of each core", true, false, "", false),
      bind_cache(&C::l2, "l2", "L2 cache shared by the cores of the cluster", true, true, core_latency, true),
  };
  return s;
}

SectionBinding<Gpu> make_gpu() {
  using G = Gpu;
  SectionBinding<G> s{"gpu",
                      "Model `gpu`: a CUDA GPU of streaming multiprocessors (usually `use:` a file from "
                      "hwdesc/gpus/)",
                      processor_keys(),
                      {},
                      {}};
  s.keys = {
      bind(&G::name, required_field("name", D::Text, "GPU model, e.g. GM20B")),
      bind(&G::architecture, required_field("architecture", D::Text, "Architecture generation, e.g. Maxwell")),
      bind(&G::compute_capability, required_field("compute_capability", D::Text, "CUDA compute capability, e.g. 5.3")),
      bind(&G::sm_count, required_field("sm_count", D::Count, "Streaming multiprocessors")),
      bind(&G::clock_hz, required_field("clock", D::Frequency, "GPU core clock")),
      bind(&G::fp32_lanes_per_sm, required_field("fp32_lanes_per_sm", D::Count, "FP32 results per clock per SM (\"CUDA cores\")")),
      bind(&G::fp16_lanes_per_sm, default_field("fp16_lanes_per_sm", D::Count, "0",
                                                "FP16 results per clock per SM (paired half2 FMAs); 0 means no native "
                                                "FP16 arithmetic: an fp16 runtime's GEMMs run at the FP32 rate",
                                                Constraint::NonNegative)),
      bind(&G::warp_size, default_field("warp_size", D::Count, "32", "Threads per warp")),
      bind(&G::warp_schedulers_per_sm, required_field("warp_schedulers_per_sm", D::Count, "Warp schedulers per SM")),
      bind(&G::dispatch_per_scheduler,
           required_field("dispatch_per_scheduler", D::Count,
                          "Instructions a scheduler can issue per clock from one warp (2 = dual issue)")),
      bind(&G::registers_per_sm, required_field("registers_per_sm", D::Count, "32-bit registers per SM")),
      bind(&G::registers_per_block, required_field("registers_per_block", D::Count, "32-bit registers one thread block may use")),
      bind(&G::max_registers_per_thread, required_field("max_registers_per_thread", D::Count, "Registers one thread may use")),
      bind(&G::max_threads_per_sm, required_field("max_threads_per_sm", D::Count, "Resident threads per SM")),
      bind(&G::max_warps_per_sm, required_field("max_warps_per_sm", D::Count, "Resident warps per SM")),
      bind(&G::max_blocks_per_sm, required_field("max_blocks_per_sm", D::Count, "Resident thread blocks per SM")),
      bind(&G::max_threads_per_block, required_field("max_threads_per_block", D::Count, "Threads per block")),
      bind(&G::shared_memory_per_sm_bytes, required_field("shared_memory_per_sm", D::Bytes, "Shared memory per SM")),
      bind(&G::shared_memory_per_block_bytes,
           required_field("shared_memory_per_block", D::Bytes, "Shared memory one block may use")),
      bind(&G::shared_memory_bytes_per_cycle,
           required_field("shared_memory_bytes_per_cycle", D::Real,
                          "Bytes the shared memory of one SM delivers per clock: banks x bank width (32 x 4 B on "
                          "Maxwell and Pascal, 32 x 8 B on Kepler in 64-bit mode); bounds a GEMM tile's main loop",
                          Constraint::Positive)),
      bind(&G::sector_bytes,
           with_example(default_field("sector", D::Bytes, "32 B",
                                      "Bytes one global-memory transaction moves: the sector of an L2 line (32 B on "
                                      "Kepler and Maxwell, CUDA C Programming Guide, global memory of compute "
                                      "capabilities 3.x and 5.x)",
                                      Constraint::PowerOfTwo),
                        "32 B")),
  };
  s.subsections = {
      bind_cache(&G::l1, "l1", "Per-SM L1 / texture cache", false, true, "Hit latency in GPU cycles", false),
      bind_cache(&G::l2, "l2", "L2 cache shared by all SMs (GPU cycles for latency)", true, true,
                 "Load-to-use latency of a hit, in GPU cycles", true, /*line_in_time_model=*/true),
  };
  return s;
}

SectionBinding<SystolicArray> make_systolic_array() {
  using A = SystolicArray;
  SectionBinding<A> s{"systolic_array",
                      "Model `systolic_array`: a rows × cols grid of multiply-accumulate units with operand "
                      "SRAMs, as SCALE-Sim models it",
                      processor_keys(),
                      {},
                      {}};
  s.keys = {
      bind(&A::name, default_field("name", D::Text, "systolic array", "Accelerator name")),
      bind(&A::rows, required_field("rows", D::Count, "Rows of processing elements (R)")),
      bind(&A::cols, required_field("cols", D::Count, "Columns of processing elements (C)")),
      bind_choice(&A::dataflow,
                  required_field("dataflow", D::Text,
                                 "os (output stationary), ws (weight stationary) or is (input stationary)"),
                  {{"os", Dataflow::OutputStationary},
                   {"ws", Dataflow::WeightStationary},
                   {"is", Dataflow::InputStationary}}),
      bind(&A::clock_hz, required_field("clock", D::Frequency, "Array clock")),
      bind(&A::ifmap_sram_bytes, required_field("ifmap_sram", D::Bytes, "Input feature map SRAM (double-buffered)")),
      bind(&A::filter_sram_bytes, required_field("filter_sram", D::Bytes, "Filter SRAM (double-buffered)")),
      bind(&A::ofmap_sram_bytes, required_field("ofmap_sram", D::Bytes, "Output feature map SRAM (double-buffered)")),
  };
  return s;
}

SectionBinding<Memory> make_memory() {
  using M = Memory;
  SectionBinding<M> s{"memory", "The DRAM every processor shares (usually `use:` a file from hwdesc/memories/)",
                      {}, {}, {}};
  s.keys = {
      bind(&M::type, required_field("type", D::Text, "DRAM technology, e.g. LPDDR4")),
      bind(&M::bus_width_bits, required_field("bus_width", D::Bits, "Width of the DRAM data bus")),
      bind(&M::data_rate_transfers_per_s, required_field("data_rate", D::DataRate, "Transfers per second on each data pin")),
      bind(&M::bandwidth_bytes_per_s, FieldSchema{"bandwidth", D::Bandwidth, Requirement::Derived,
                                                  "bus_width / 8 × data_rate",
                                                  "Peak bandwidth; give it only to override the derived value",
                                                  Constraint::Positive, "", std::nullopt, ""}),
      bind(&M::latency_s, unread(required_field("latency", D::Duration, "Load latency of a DRAM access seen from a core"),
                                 "no latency term in the models yet")),
      bind(&M::capacity_bytes, unread(required_field("capacity", D::Bytes, "DRAM size"),
                                      "read by memory planning (whether the network fits), not by the time model")),
  };
  return s;
}

}  // namespace

const SectionBinding<CpuCluster>& cpu_cluster_binding() {
  static const SectionBinding<CpuCluster> b = make_cpu_cluster();
  return b;
}
const SectionBinding<Gpu>& gpu_binding() {
  static const SectionBinding<Gpu> b = make_gpu();
  return b;
}
const SectionBinding<SystolicArray>& systolic_array_binding() {
  static const SectionBinding<SystolicArray> b = make_systolic_array();
  return b;
}
const SectionBinding<Memory>& memory_binding() {
  static const SectionBinding<Memory> b = make_memory();
  return b;
}

}  // namespace augur::hwdesc
