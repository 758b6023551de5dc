// The board schema table.
#include "sim/hwdesc/schema.h"

namespace augur::hwdesc {
namespace {

using D = Dimension;
using R = Requirement;


// A set-associative cache level. `what` names it in descriptions.
SectionSchema cache_section(std::string key, std::string description, bool with_latency) {
  SectionSchema s = make_section(std::move(key), std::move(description));
  s.fields.push_back(required_field("size", D::Bytes, "Capacity"));
  s.fields.push_back(required_field("associativity", D::Count,
                              "Ways per set; must divide size / line into whole sets"));
  s.fields.push_back(required_field("line", D::Bytes, "Line size", Constraint::PowerOfTwo));
  if (with_latency) {
    s.fields.push_back(required_field("latency", D::Cycles, "Load-to-use latency of a hit, in core cycles"));
  }
  return s;
}

// The keys every processor entry has, whatever its model.
std::vector<FieldSchema> processor_fields() {
  return {
      required_field("model", D::Text, "The processor model (`augur hw models` lists them)"),
      default_field("runtime", D::Text, "",
                    "The software stack that runs networks on it, a runtime file (relative to the "
                    "file that names it), e.g. ../runtimes/caffe-cublas-gm20b.yaml"),
  };
}

SectionSchema cpu_section() {
  SectionSchema s = make_section("cpu", "Model `cpu`: a cluster of CPU cores sharing an L2 (usually `use:` a "
                         "core file from hwdesc/cores/ and set `cores` and `clock`)");
  s.fields = processor_fields();
  std::vector<FieldSchema> own = {
      required_field("name", D::Text, "Core model, e.g. ARM Cortex-A57"),
      required_field("isa", D::Text, "Instruction set the software is built for, e.g. armv8-a"),
      required_field("cores", D::Count, "Cores in the cluster that run the network"),
      required_field("clock", D::Frequency, "Core clock"),
      required_field("simd_width", D::Bits, "Width of one SIMD (NEON/ASIMD) register"),
      required_field("fp_pipes", D::Count, "FP/SIMD issue pipes per core"),
      required_field("simd_fma_per_cycle", D::Real,
               "Full-width SIMD fused multiply-adds issued per cycle per core"),
      required_field("loads_per_cycle", D::Count, "Loads issued per cycle per core"),
      required_field("stores_per_cycle", D::Count, "Stores issued per cycle per core"),
  };
  s.fields.insert(s.fields.end(), own.begin(), own.end());
  s.sections = {
      cache_section("l1d", "Private L1 data cache of each core", true),
      cache_section("l1i", "Private L1 instruction cache of each core", false),
      cache_section("l2", "L2 cache shared by the cores of the cluster", true),
  };
  return s;
}

SectionSchema gpu_section() {
  SectionSchema s = make_section("gpu", "Model `gpu`: a CUDA GPU of streaming multiprocessors (usually `use:` "
                                        "a file from hwdesc/gpus/)");
  s.fields = processor_fields();
  std::vector<FieldSchema> own = {
      required_field("name", D::Text, "GPU model, e.g. GM20B"),
      required_field("architecture", D::Text, "Architecture generation, e.g. Maxwell"),
      required_field("compute_capability", D::Text, "CUDA compute capability, e.g. 5.3"),
      required_field("sm_count", D::Count, "Streaming multiprocessors"),
      required_field("clock", D::Frequency, "GPU core clock"),
      required_field("fp32_lanes_per_sm", D::Count, "FP32 results per clock per SM (\"CUDA cores\")"),
      default_field("fp16_lanes_per_sm", D::Count, "0",
                   "FP16 results per clock per SM; 0 means no native FP16 arithmetic",
                   Constraint::NonNegative),
      default_field("warp_size", D::Count, "32", "Threads per warp"),
      required_field("warp_schedulers_per_sm", D::Count, "Warp schedulers per SM"),
      required_field("dispatch_per_scheduler", D::Count,
               "Instructions a scheduler can issue per clock from one warp (2 = dual issue)"),
      required_field("registers_per_sm", D::Count, "32-bit registers per SM"),
      required_field("registers_per_block", D::Count, "32-bit registers one thread block may use"),
      required_field("max_registers_per_thread", D::Count, "Registers one thread may use"),
      required_field("max_threads_per_sm", D::Count, "Resident threads per SM"),
      required_field("max_warps_per_sm", D::Count, "Resident warps per SM"),
      required_field("max_blocks_per_sm", D::Count, "Resident thread blocks per SM"),
      required_field("max_threads_per_block", D::Count, "Threads per block"),
      required_field("shared_memory_per_sm", D::Bytes, "Shared memory per SM"),
      required_field("shared_memory_per_block", D::Bytes, "Shared memory one block may use"),
  };
  s.fields.insert(s.fields.end(), own.begin(), own.end());
  SectionSchema l1 = make_section("l1", "Per-SM L1 / texture cache");
  l1.fields = {required_field("size", D::Bytes, "Capacity"),
               required_field("line", D::Bytes, "Line size", Constraint::PowerOfTwo),
               required_field("latency", D::Cycles, "Hit latency in GPU cycles")};
  s.sections = {std::move(l1),
                cache_section("l2", "L2 cache shared by all SMs (GPU cycles for latency)", true)};
  return s;
}

SectionSchema systolic_array_section() {
  SectionSchema s = make_section("systolic_array",
                                 "Model `systolic_array`: a rows × cols grid of multiply-accumulate "
                                 "units with operand SRAMs, as SCALE-Sim models it");
  s.fields = processor_fields();
  std::vector<FieldSchema> own = {
      default_field("name", D::Text, "systolic array", "Accelerator name"),
      required_field("rows", D::Count, "Rows of processing elements (R)"),
      required_field("cols", D::Count, "Columns of processing elements (C)"),
      required_field("dataflow", D::Text, "os (output stationary), ws (weight stationary) or is (input stationary)"),
      required_field("clock", D::Frequency, "Array clock"),
      required_field("ifmap_sram", D::Bytes, "Input feature map SRAM (double-buffered)"),
      required_field("filter_sram", D::Bytes, "Filter SRAM (double-buffered)"),
      required_field("ofmap_sram", D::Bytes, "Output feature map SRAM (double-buffered)"),
  };
  s.fields.insert(s.fields.end(), own.begin(), own.end());
  return s;
}

SectionSchema memory_section() {
  SectionSchema s = make_section("memory", "The DRAM every processor shares (usually `use:` a file from "
                            "hwdesc/memories/)");
  s.fields = {
      required_field("type", D::Text, "DRAM technology, e.g. LPDDR4"),
      required_field("bus_width", D::Bits, "Width of the DRAM data bus"),
      required_field("data_rate", D::DataRate, "Transfers per second on each data pin"),
      FieldSchema{"bandwidth", D::Bandwidth, R::Derived, "bus_width / 8 × data_rate",
                  "Peak bandwidth; give it only to override the derived value",
                  Constraint::Positive},
      required_field("latency", D::Duration, "Load latency of a DRAM access seen from a core"),
      required_field("capacity", D::Bytes, "DRAM size"),
  };
  return s;
}

SectionSchema make_board_schema() {
  SectionSchema root = make_section("", "A board: named processors and the unified DRAM they share");
  root.fields = {required_field("name", D::Text, "Board name, e.g. NVIDIA Jetson TX1"),
                 default_field("description", D::Text, "", "Free text about the board")};
  SectionSchema processors = make_section(
      "processors", "The processors by name (e.g. cpu, gpu, npu), each with a `model:`; a value is "
                    "addressed as NAME.key (`--set gpu.l2.size=1MiB`)");
  processors.discriminator = "model";
  processors.variants = {cpu_section(), gpu_section(), systolic_array_section()};
  root.sections = {processors, memory_section()};
  return root;
}

}  // namespace

FieldSchema required_field(std::string key, Dimension d, std::string description, Constraint c) {
  if (d == D::Text) c = Constraint::None;
  return FieldSchema{std::move(key), d, R::Required, "", std::move(description), c};
}

FieldSchema default_field(std::string key, Dimension d, std::string default_text,
                          std::string description, Constraint c) {
  if (d == D::Text) c = Constraint::None;
  return FieldSchema{std::move(key), d, R::Default, std::move(default_text), std::move(description), c};
}

namespace {

const FieldSchema* find_field_in(const SectionSchema& schema, const std::string& path) {
  const SectionSchema* section = &schema;
  size_t start = 0;
  while (true) {
    const auto dot = path.find('.', start);
    const std::string key = path.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (dot == std::string::npos) return section->field(key);
    if (!section->named_entry.empty()) {
      section = &section->named_entry.front();
    } else {
      section = section->section(key);
      if (section == nullptr) return nullptr;
    }
    start = dot + 1;
  }
}

}  // namespace

const FieldSchema* find_field(const SectionSchema& schema, const std::string& path) {
  if (const FieldSchema* f = find_field_in(schema, path)) return f;
  const auto dot = path.find('.');
  if (dot == std::string::npos) return nullptr;
  for (const auto& section : schema.sections) {
    for (const auto& variant : section.variants) {
      if (const FieldSchema* f = find_field_in(variant, path.substr(dot + 1))) return f;
    }
  }
  return nullptr;
}

bool is_reserved_processor_name(const std::string& name) {
  const bool runtime_suffix = name.size() >= 8 && name.compare(name.size() - 8, 8, "_runtime") == 0;
  return runtime_suffix || board_schema().field(name) != nullptr || board_schema().section(name) != nullptr ||
         name == "runtimes" || name == "cpu_runtime" || name == "gpu_runtime";
}

const SectionSchema* SectionSchema::variant(const std::string& value) const {
  for (const auto& v : variants) {
    if (v.key == value) return &v;
  }
  return nullptr;
}

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
