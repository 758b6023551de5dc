// Schema validation of a config tree.
#include "sim/hwdesc/validate.h"

#include <bit>
#include <cmath>
#include <cstdint>
#include <vector>

#include <fmt/format.h>
#include <fmt/ranges.h>

#include "sim/core/suggest.h"
#include "sim/hwdesc/schema.h"

namespace augur::hwdesc {
namespace {

std::string join_path(const std::string& prefix, const std::string& key) {
  return prefix.empty() ? key : prefix + "." + key;
}

std::string section_name(const std::string& path) {
  return path.empty() ? "the top level" : "'" + path + "'";
}

Origin origin_of(const SourceLocation& where) {
  // A value from the command line is located by its flag ("--set ...", "--vary ...").
  const bool from_command_line = where.line == 0 && where.file.rfind("--", 0) == 0;
  return Origin{from_command_line ? Origin::Kind::Override : Origin::Kind::File, where, ""};
}

// The plausible range of a quantity of each dimension, whatever the key: a value outside it is a
// typo or a unit mistake (1e300 GHz, 1e-300 Hz), and would overflow the model's arithmetic.
struct Plausible {
  double low;   // smallest positive value accepted (0 itself is governed by the constraint)
  double high;  // largest value accepted
};

Plausible plausible(Dimension d) {
  switch (d) {
    case Dimension::Count: return {1, 2147483647.0};
    case Dimension::Real: return {1e-12, 1e12};
    case Dimension::Bytes: return {1, 1125899906842624.0};  // 1 PiB
    case Dimension::Bits: return {1, 65536};
    case Dimension::Frequency: return {1e3, 1e11};          // 1 kHz .. 100 GHz
    case Dimension::DataRate: return {1e3, 1e12};           // 1 kT/s .. 1 TT/s per pin
    case Dimension::Bandwidth: return {1e3, 1e15};          // 1 kB/s .. 1 PB/s
    case Dimension::Cycles: return {1e-6, 1e12};
    case Dimension::Duration: return {1e-15, 3600};         // 1 fs .. 1 hour
    case Dimension::Text: break;
  }
  return {0, 0};
}

void check_constraint(const FieldSchema& field, const std::string& path, double number,
                      const SourceLocation& where) {
  if (field.constraint != Constraint::None) {
    if (!std::isfinite(number)) {
      throw UserError(where, fmt::format("{}: must be a finite number, got {}", path, number));
    }
    const Plausible range = plausible(field.dimension);
    if (number != 0 && (std::fabs(number) < range.low || std::fabs(number) > range.high)) {
      throw UserError(where, fmt::format("{}: {} is outside the plausible range {} .. {} (a unit mistake?)", path,
                                         format_quantity(number, field.dimension),
                                         format_quantity(range.low, field.dimension),
                                         format_quantity(range.high, field.dimension)));
    }
  }
  switch (field.constraint) {
    case Constraint::None: return;
    case Constraint::Fraction:
    case Constraint::UnitInterval:
      if (number > 1 || number < 0 || (field.constraint == Constraint::Fraction && number == 0)) {
        throw UserError(where, fmt::format("{}: must be in {}, got {}", path,
                                           field.constraint == Constraint::Fraction ? "(0, 1]" : "[0, 1]", number));
      }
      return;
    case Constraint::NonNegative:
      if (number < 0) {
        throw UserError(where, fmt::format("{}: must not be negative, got {}", path, number));
      }
      return;
    case Constraint::Positive:
    case Constraint::PowerOfTwo:
      if (number <= 0) {
        throw UserError(where, fmt::format("{}: must be greater than zero, got {}", path,
                                           format_quantity(number, field.dimension)));
      }
      if (field.constraint == Constraint::PowerOfTwo &&
          (number > 9.2e18 || !std::has_single_bit(static_cast<std::uint64_t>(number)))) {
        throw UserError(where, fmt::format("{}: must be a power of two, got {}", path,
                                           format_quantity(number, field.dimension)));
      }
      return;
  }
}

ResolvedValue parse_field(const FieldSchema& field, const std::string& path,
                          const std::string& text, const SourceLocation& where, Origin origin) {
  ResolvedValue value{field.dimension, 0.0, text, std::move(origin)};
  if (field.dimension == Dimension::Text) return value;
  try {
    value.number = parse_quantity(text, field.dimension);
  } catch (const UserError& e) {
    throw UserError(where, fmt::format("{}: {}", path, e.what()));
  }
  check_constraint(field, path, value.number, where);
  return value;
}

void validate_section(const ConfigNode& node, const SectionSchema& schema,
                      const std::string& prefix, ResolvedValues& out);

// A section of named entries that each pick their schema by a discriminator key (a board's
// processors, each with a `model:`). Entries are addressed by name alone: "gpu.l2.size".
void validate_variants(const ConfigNode& node, const SectionSchema& schema, const std::string& prefix,
                       ResolvedValues& out) {
  std::vector<std::string> models;
  for (const auto& v : schema.variants) models.push_back(v.key);
  if (node.entries.empty()) {
    throw UserError(node.where, fmt::format("{}: needs at least one entry ({})", prefix, schema.description));
  }
  for (const auto& entry : node.entries) {
    const std::string& name = entry.key;
    const bool well_formed = !name.empty() && name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") ==
                                                  std::string::npos && !(name[0] >= '0' && name[0] <= '9');
    if (!well_formed) {
      throw UserError(entry.key_where, fmt::format("{}: the name '{}' must be lower-case letters, digits and "
                                                   "'_', starting with a letter", prefix, name));
    }
    if (is_reserved_processor_name(name)) {
      throw UserError(entry.key_where, fmt::format("{}: '{}' cannot name a processor (a top-level key of "
                                                   "the board, or a name ending in _runtime)", prefix, name));
    }
    if (entry.value.kind != ConfigNode::Kind::Map) {
      throw UserError(entry.value.where, fmt::format("{}: expected a mapping of keys, got a {}", name,
                                                     kind_name(entry.value.kind)));
    }
    const ConfigEntry* chosen = entry.value.find(schema.discriminator);
    if (chosen == nullptr) {
      throw UserError(entry.key_where, fmt::format("{}: missing required key '{}' (one of: {})", name,
                                                   schema.discriminator, fmt::join(models, ", ")));
    }
    const SectionSchema* variant =
        chosen->value.kind == ConfigNode::Kind::Scalar ? schema.variant(chosen->value.scalar) : nullptr;
    if (variant == nullptr) {
      const std::string given = chosen->value.kind == ConfigNode::Kind::Scalar ? chosen->value.scalar : "";
      throw UserError(chosen->value.where,
                      fmt::format("{}.{}: unknown processor model '{}' (one of: {}){}", name,
                                  schema.discriminator, given, fmt::join(models, ", "),
                                  did_you_mean(given, models)));
    }
    validate_section(entry.value, *variant, name, out);
  }
}

void validate_section(const ConfigNode& node, const SectionSchema& schema,
                      const std::string& prefix, ResolvedValues& out) {
  if (node.kind != ConfigNode::Kind::Map) {
    throw UserError(node.where, fmt::format("{}: expected a mapping of keys, got a {}",
                                            prefix.empty() ? "file" : prefix,
                                            kind_name(node.kind)));
  }
  if (!schema.named_entry.empty()) {
    if (node.entries.empty()) {
      throw UserError(node.where, fmt::format("{}: needs at least one entry ({})", prefix,
                                              schema.description));
    }
    for (const auto& entry : node.entries) {
      if (entry.key.find('.') != std::string::npos) {
        throw UserError(entry.key_where, fmt::format("{}: the name '{}' must not contain '.'",
                                                     prefix, entry.key));
      }
      validate_section(entry.value, schema.named_entry.front(), join_path(prefix, entry.key), out);
    }
    return;
  }
  for (const auto& entry : node.entries) {
    const std::string path = join_path(prefix, entry.key);
    if (const FieldSchema* field = schema.field(entry.key)) {
      if (entry.value.kind != ConfigNode::Kind::Scalar) {
        throw UserError(entry.value.kind == ConfigNode::Kind::Null ? entry.key_where
                                                                   : entry.value.where,
                        fmt::format("{}: expected {}, got a {}", path,
                                    field->dimension == Dimension::Text
                                        ? std::string("text")
                                        : accepted_units(field->dimension),
                                    kind_name(entry.value.kind)));
      }
      out[path] = parse_field(*field, path, entry.value.scalar, entry.value.where,
                              origin_of(entry.value.where));
    } else if (const SectionSchema* section = schema.section(entry.key)) {
      if (!section->variants.empty()) {
        if (entry.value.kind != ConfigNode::Kind::Map) {
          throw UserError(entry.value.where, fmt::format("{}: expected a mapping of keys, got a {}", path,
                                                         kind_name(entry.value.kind)));
        }
        validate_variants(entry.value, *section, path, out);
      } else {
        validate_section(entry.value, *section, path, out);
      }
    } else if (prefix.empty() && schema.section("processors") != nullptr &&
               (entry.key == "cpu" || entry.key == "gpu" || entry.key == "runtimes")) {
      throw UserError(entry.key_where,
                      fmt::format("'{}:' at the top level is the old board form: a board lists its processors "
                                  "by name under 'processors:', each with a model and its runtime, e.g. "
                                  "processors: {{cpu: {{model: cpu, use: ../cores/cortex-a57.yaml, runtime: "
                                  "../runtimes/caffe-openblas-a57.yaml, ...}}, gpu: {{model: gpu, use: "
                                  "../gpus/gm20b.yaml, ...}}}} (docs/hwdesc.md)", entry.key));
    } else {
      throw UserError(entry.key_where,
                      fmt::format("{}: unknown key '{}' in {}{}", path, entry.key,
                                  section_name(prefix), did_you_mean(entry.key, schema.key_names())));
    }
  }
  for (const auto& field : schema.fields) {
    if (node.find(field.key) != nullptr) continue;
    const std::string path = join_path(prefix, field.key);
    switch (field.requirement) {
      case Requirement::Required:
        throw UserError(node.where, fmt::format("{}: missing required key '{}' in {} ({})", path,
                                                field.key, section_name(prefix),
                                                field.description));
      case Requirement::Default:
        out[path] = parse_field(field, path, field.default_text, node.where,
                                Origin{Origin::Kind::Default, {}, ""});
        break;
      case Requirement::Derived: break;
    }
  }
  for (const auto& section : schema.sections) {
    if (node.find(section.key) == nullptr && !section.optional) {
      const std::string path = join_path(prefix, section.key);
      throw UserError(node.where, fmt::format("{}: missing required section '{}' in {} ({})", path,
                                              section.key, section_name(prefix),
                                              section.description));
    }
  }
}

}  // namespace

ResolvedValues validate(const ConfigNode& root, const SectionSchema& schema) {
  ResolvedValues out;
  validate_section(root, schema, "", out);
  return out;
}

}  // namespace augur::hwdesc
