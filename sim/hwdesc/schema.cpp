// The board schema table.
#include "sim/hwdesc/schema.h"

namespace augur::hwdesc {
namespace {

using D = Dimension;
using R = Requirement;

FieldSchema required(std::string key, Dimension d, std::string description,
                     Constraint c = Constraint::Positive) {
  if (d == D::Text) c = Constraint::None;
  return FieldSchema{std::move(key), d, R::Required, "", std::move(description), c};
}

FieldSchema with_default(std::string key, Dimension d, std::string default_text,
                         std::string description, Constraint c = Constraint::Positive) {
  if (d == D::Text) c = Constraint::None;
  return FieldSchema{std::move(key), d, R::Default, std::move(default_text),
                     std::move(description), c};
}

// A set-associative cache level. `what` names it in descriptions.
SectionSchema cache_section(std::string key, std::string description, bool with_latency) {
  SectionSchema s = make_section(std::move(key), std::move(description));
  s.fields.push_back(required("size", D::Bytes, "Capacity"));
  s.fields.push_back(required("associativity", D::Count,
                              "Ways per set; must divide size / line into whole sets"));
  s.fields.push_back(required("line", D::Bytes, "Line size", Constraint::PowerOfTwo));
  if (with_latency) {
    s.fields.push_back(required("latency", D::Cycles, "Load-to-use latency of a hit, in core cycles"));
  }
  return s;
}

SectionSchema cpu_section() {
  SectionSchema s = make_section("cpu", "The CPU cluster that runs the network (usually `use:` a core file from "
                         "hwdesc/cores/ and set `cores` and `clock`)");
  s.fields = {
      required("name", D::Text, "Core model, e.g. ARM Cortex-A57"),
      required("isa", D::Text, "Instruction set the software is built for, e.g. armv8-a"),
      required("cores", D::Count, "Cores in the cluster that run the network"),
      required("clock", D::Frequency, "Core clock"),
      required("simd_width", D::Bits, "Width of one SIMD (NEON/ASIMD) register"),
      required("fp_pipes", D::Count, "FP/SIMD issue pipes per core"),
      required("simd_fma_per_cycle", D::Real,
               "Full-width SIMD fused multiply-adds issued per cycle per core"),
      required("loads_per_cycle", D::Count, "Loads issued per cycle per core"),
      required("stores_per_cycle", D::Count, "Stores issued per cycle per core"),
  };
  s.sections = {
      cache_section("l1d", "Private L1 data cache of each core", true),
      cache_section("l1i", "Private L1 instruction cache of each core", false),
      cache_section("l2", "L2 cache shared by the cores of the cluster", true),
  };
  return s;
}

SectionSchema gpu_section() {
  SectionSchema s = make_section("gpu", "The integrated GPU (usually `use:` a file from hwdesc/gpus/)");
  s.fields = {
      required("name", D::Text, "GPU model, e.g. GM20B"),
      required("architecture", D::Text, "Architecture generation, e.g. Maxwell"),
      required("compute_capability", D::Text, "CUDA compute capability, e.g. 5.3"),
      required("sm_count", D::Count, "Streaming multiprocessors"),
      required("clock", D::Frequency, "GPU core clock"),
      required("fp32_lanes_per_sm", D::Count, "FP32 results per clock per SM (\"CUDA cores\")"),
      with_default("fp16_lanes_per_sm", D::Count, "0",
                   "FP16 results per clock per SM; 0 means no native FP16 arithmetic",
                   Constraint::NonNegative),
      with_default("warp_size", D::Count, "32", "Threads per warp"),
      required("warp_schedulers_per_sm", D::Count, "Warp schedulers per SM"),
      required("dispatch_per_scheduler", D::Count,
               "Instructions a scheduler can issue per clock from one warp (2 = dual issue)"),
      required("registers_per_sm", D::Count, "32-bit registers per SM"),
      required("registers_per_block", D::Count, "32-bit registers one thread block may use"),
      required("max_registers_per_thread", D::Count, "Registers one thread may use"),
      required("max_threads_per_sm", D::Count, "Resident threads per SM"),
      required("max_warps_per_sm", D::Count, "Resident warps per SM"),
      required("max_blocks_per_sm", D::Count, "Resident thread blocks per SM"),
      required("max_threads_per_block", D::Count, "Threads per block"),
      required("shared_memory_per_sm", D::Bytes, "Shared memory per SM"),
      required("shared_memory_per_block", D::Bytes, "Shared memory one block may use"),
  };
  SectionSchema l1 = make_section("l1", "Per-SM L1 / texture cache");
  l1.fields = {required("size", D::Bytes, "Capacity"),
               required("line", D::Bytes, "Line size", Constraint::PowerOfTwo),
               required("latency", D::Cycles, "Hit latency in GPU cycles")};
  s.sections = {std::move(l1),
                cache_section("l2", "L2 cache shared by all SMs (GPU cycles for latency)", true)};
  return s;
}

SectionSchema memory_section() {
  SectionSchema s = make_section("memory", "The DRAM shared by CPU and GPU (usually `use:` a file from "
                            "hwdesc/memories/)");
  s.fields = {
      required("type", D::Text, "DRAM technology, e.g. LPDDR4"),
      required("bus_width", D::Bits, "Width of the DRAM data bus"),
      required("data_rate", D::DataRate, "Transfers per second on each data pin"),
      FieldSchema{"bandwidth", D::Bandwidth, R::Derived, "bus_width / 8 × data_rate",
                  "Peak bandwidth; give it only to override the derived value",
                  Constraint::Positive},
      required("latency", D::Duration, "Load latency of a DRAM access seen from a core"),
      required("capacity", D::Bytes, "DRAM size"),
  };
  return s;
}

SectionSchema make_board_schema() {
  SectionSchema root = make_section("", "A board: a CPU cluster, a GPU and the unified DRAM they share");
  root.fields = {required("name", D::Text, "Board name, e.g. NVIDIA Jetson TX1"),
                 with_default("description", D::Text, "", "Free text about the board")};
  SectionSchema runtimes = make_section("runtimes", "The software stacks that run networks on this board "
                                     "(paths relative to the file that names them)");
  runtimes.optional = true;
  runtimes.fields = {
      with_default("cpu", D::Text, "", "Runtime description for the CPU, e.g. ../runtimes/caffe-openblas-a57.yaml"),
      with_default("gpu", D::Text, "", "Runtime description for the GPU, e.g. ../runtimes/caffe-cublas-gm20b.yaml"),
  };
  root.sections = {cpu_section(), gpu_section(), memory_section(), runtimes};
  return root;
}

}  // namespace

std::vector<std::string> SectionSchema::key_names() const {
  std::vector<std::string> names;
  for (const auto& f : fields) names.push_back(f.key);
  for (const auto& s : sections) names.push_back(s.key);
  return names;
}

const FieldSchema* SectionSchema::field(const std::string& key) const {
  for (const auto& f : fields) {
    if (f.key == key) return &f;
  }
  return nullptr;
}

const SectionSchema* SectionSchema::section(const std::string& key) const {
  for (const auto& s : sections) {
    if (s.key == key) return &s;
  }
  return nullptr;
}

const SectionSchema& board_schema() {
  static const SectionSchema schema = make_board_schema();
  return schema;
}

}  // namespace augur::hwdesc
