// The board schema: the processors (one variant per processor model) and the memory, from the
// key bindings of sim/hwdesc/hardware_bindings.cpp.
#include "sim/hwdesc/schema.h"

#include "sim/hwdesc/binding.h"

namespace augur::hwdesc {
namespace {

using D = Dimension;
using R = Requirement;


SectionSchema make_board_schema() {
  SectionSchema root = make_section("", "A board: named processors and the unified DRAM they share");
  root.fields = {required_field("name", D::Text, "Board name, e.g. NVIDIA Jetson TX1"),
                 default_field("description", D::Text, "", "Free text about the board")};
  SectionSchema processors = make_section(
      "processors", "The processors by name (e.g. cpu, gpu, npu), each with a `model:`; a value is "
                    "addressed as NAME.key (`--set gpu.l2.size=1MiB`)");
  processors.discriminator = "model";
  processors.variants = {cpu_cluster_binding().schema(), gpu_binding().schema(),
                         systolic_array_binding().schema()};
  root.sections = {processors, memory_binding().schema()};
  return root;
}

}  // namespace

FieldSchema required_field(std::string key, Dimension d, std::string description, Constraint c) {
  if (d == D::Text) c = Constraint::None;
  return FieldSchema{std::move(key), d, R::Required, "", std::move(description), c, "", std::nullopt, ""};
}

FieldSchema default_field(std::string key, Dimension d, std::string default_text,
                          std::string description, Constraint c) {
  if (d == D::Text) c = Constraint::None;
  return FieldSchema{std::move(key), d, R::Default, std::move(default_text), std::move(description), c, "", std::nullopt, ""};
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
