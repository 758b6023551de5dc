// The closed schema of a board description: every key declared once with its dimension (unit),
// whether it is required, its default, and what it means. The validator, `augur hw schema` and
// docs/hwdesc.md all come from this one table.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "sim/core/units.h"

namespace augur::hwdesc {

enum class Requirement {
  Required,  // must be given
  Default,   // `default_text` is used when absent
  Derived,   // computed from other keys when absent (formula in `default_text`)
};

enum class Constraint {
  Positive,     // > 0 (every number unless said otherwise)
  NonNegative,  // >= 0
  PowerOfTwo,   // > 0 and a power of two
  Fraction,     // in (0, 1]: an efficiency or a share
  UnitInterval, // in [0, 1]
  None,         // text
};

// The range `augur calibrate` searches for a fitted runtime key, in base units (0 < lo < hi: it
// searches in log space, since a rate off by 2x is as wrong as one off by 1/2).
struct FitRange {
  double lo = 0, hi = 0;
};

struct FieldSchema {
  std::string key;
  Dimension dimension;
  Requirement requirement;
  std::string default_text;
  std::string description;
  Constraint constraint = Constraint::Positive;
  // Empty when the time model reads the key; else why it does not (shown by `hw schema`, in
  // docs/hwdesc.md and by `augur sensitivity`). No required key may be silently inert.
  std::string not_read_by_time_model;
  // Set on the runtime keys that `augur calibrate` may fit; unset for facts and choices.
  std::optional<FitRange> fit;
  // A typical value for the docs' unit column ("64 B" for a line); empty: the dimension's example.
  std::string example;
};

// The same field, with its own example value for the docs.
inline FieldSchema with_example(FieldSchema f, std::string example) {
  f.example = std::move(example);
  return f;
}

// The same field, fittable by `augur calibrate` within [lo, hi] (base units).
inline FieldSchema fittable(FieldSchema f, double lo, double hi) {
  f.fit = FitRange{lo, hi};
  return f;
}

// The same field, marked as not read by the time model, with the reason.
inline FieldSchema unread(FieldSchema f, std::string reason) {
  f.not_read_by_time_model = std::move(reason);
  return f;
}

struct SectionSchema {
  std::string key;  // "" for the root
  std::string description;
  std::vector<FieldSchema> fields;
  std::vector<SectionSchema> sections;
  bool optional = false;  // the section may be left out
  // When non-empty (one element), the section's keys are names chosen by the user (e.g. GEMM
  // tile configurations), each a section with this schema; `fields`/`sections` are then unused.
  std::vector<SectionSchema> named_entry;
  // When non-empty (with `named_entry` empty), the section's keys are names chosen by the user and
  // each entry picks its schema by the text of its `discriminator` key: the processors of a board
  // pick a processor model (`model: gpu`). `variants[i].key` is the discriminator's value. The
  // entries' values are addressed by name alone ("gpu.l2.size", not "processors.gpu.l2.size").
  std::string discriminator;
  std::vector<SectionSchema> variants;
  const SectionSchema* variant(const std::string& value) const;

  // Every key allowed directly in this section (fields then sections), for suggestions.
  std::vector<std::string> key_names() const;
  const FieldSchema* field(const std::string& key) const;
  const SectionSchema* section(const std::string& key) const;
};

// Field declarations: required, or with a default (text fields take no numeric constraint).
FieldSchema required_field(std::string key, Dimension dimension, std::string description,
                           Constraint constraint = Constraint::Positive);
FieldSchema default_field(std::string key, Dimension dimension, std::string default_text,
                          std::string description, Constraint constraint = Constraint::Positive);

// The field at a dotted path ("memory.latency"; a named-entry section takes any name), or nullptr.
// A path whose first segment is not a key of the root is looked up in each variant of a section
// with variants (a processor's key "gpu.l2.size" in the processor models' schemas; the first
// model that has the key answers).
const FieldSchema* find_field(const SectionSchema& schema, const std::string& path);

// Names a processor may not take: the board's own top-level keys, and names ending in
// "_runtime" (they address runtimes in overrides).
bool is_reserved_processor_name(const std::string& name);

// A section with a key and a description; fields and sub-sections are added afterwards.
inline SectionSchema make_section(std::string key, std::string description) {
  SectionSchema s;
  s.key = std::move(key);
  s.description = std::move(description);
  return s;
}

// The schema of a board file (after `use:` composition and overrides).
const SectionSchema& board_schema();

}  // namespace augur::hwdesc
