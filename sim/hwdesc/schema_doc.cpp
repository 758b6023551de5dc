// Markdown rendering of the schema.
#include "sim/hwdesc/schema_doc.h"

#include <fmt/format.h>

namespace augur::hwdesc {
namespace {

std::string type_text(const FieldSchema& f) {
  switch (f.dimension) {
    case Dimension::Text: return "text";
    case Dimension::Count: return "whole number";
    case Dimension::Real: return "number";
    default: {
      std::string units = accepted_units(f.dimension);  // "one of B, KiB, ... (e.g. 32 KiB)"
      constexpr std::string_view prefix = "one of ";
      if (units.rfind(prefix, 0) == 0) units = units.substr(prefix.size());
      const auto example = units.rfind(" (e.g. ");
      if (!f.example.empty() && example != std::string::npos) units = units.substr(0, example) + " (e.g. " + f.example + ")";
      return "quantity: " + units;
    }
  }
}

std::string requirement_text(const FieldSchema& f) {
  switch (f.requirement) {
    case Requirement::Required: return "required";
    case Requirement::Default:
      return f.default_text.empty() ? "default: empty" : "default: `" + f.default_text + "`";
    case Requirement::Derived: return "derived: " + f.default_text;
  }
  return "";
}

std::string time_model_text(const FieldSchema& f) {
  return f.not_read_by_time_model.empty() ? "" : "; **not read by the time model**: " + f.not_read_by_time_model;
}

std::string constraint_text(const FieldSchema& f) {
  switch (f.constraint) {
    case Constraint::Positive: return "; > 0";
    case Constraint::NonNegative: return "; >= 0";
    case Constraint::PowerOfTwo: return "; a power of two";
    case Constraint::Fraction: return "; in (0, 1]";
    case Constraint::UnitInterval: return "; in [0, 1]";
    case Constraint::None: return "";
  }
  return "";
}

std::string fit_text(const FieldSchema& f) {
  if (!f.fit) return "";
  return fmt::format("; `augur calibrate` fits it within [{}, {}]", format_quantity(f.fit->lo, f.dimension),
                     format_quantity(f.fit->hi, f.dimension));
}

void append_section(std::string& out, const SectionSchema& s, const std::string& prefix) {
  for (const auto& f : s.fields) {
    out += fmt::format("| `{}{}` | {} | {} | {}{}{}{} |\n", prefix, f.key, type_text(f),
                       requirement_text(f), f.description, constraint_text(f), fit_text(f), time_model_text(f));
  }
  for (const auto& sub : s.sections) {
    out += fmt::format("| `{}{}` | section | {} | {} |\n", prefix, sub.key,
                       sub.optional ? "optional" : "required", sub.description);
    if (!sub.variants.empty()) {
      for (const auto& variant : sub.variants) {
        out += fmt::format("| `NAME` with `{}: {}` | section, one per processor | | {} |\n",
                           sub.discriminator, variant.key, variant.description);
        append_section(out, variant, "NAME.");
      }
    } else if (!sub.named_entry.empty()) {
      out += fmt::format("| `{}{}.NAME` | section, one per name | at least one | {} |\n", prefix,
                         sub.key, sub.named_entry.front().description);
      append_section(out, sub.named_entry.front(), prefix + sub.key + ".NAME.");
    } else {
      append_section(out, sub, prefix + sub.key + ".");
    }
  }
}

}  // namespace

std::string schema_markdown(const SectionSchema& schema) {
  std::string out =
      "| key | type and units | required / default | meaning |\n|---|---|---|---|\n";
  append_section(out, schema, "");
  return out;
}

}  // namespace augur::hwdesc
