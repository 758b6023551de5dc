// Hardware keys declared once: each key of a section is one binding that carries its schema entry
// (unit, requirement, description: what the validator, `augur hw schema` and docs/hwdesc.md use)
// and the struct member it fills, so the schema and the typed field cannot drift apart and no key
// is spelled twice.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "sim/hwdesc/platform.h"
#include "sim/hwdesc/resolved_values.h"
#include "sim/hwdesc/schema.h"

namespace augur::hwdesc {

// One key of a section bound to a member of T (or to a custom reader, for enumerations).
template <class T>
struct KeyBinding {
  FieldSchema schema;
  std::function<void(const ValueReader&, const ResolvedValues&, const std::string& path, T&)> read;
};

// A nested section of T (a cache level) bound to a member.
template <class T>
struct SubsectionBinding {
  SectionSchema schema;
  std::function<void(const ValueReader&, const std::string& prefix, T&)> read;
};

template <class T>
struct SectionBinding {
  std::string key;
  std::string description;
  std::vector<FieldSchema> leading;  // keys read elsewhere (a processor's model and runtime)
  std::vector<KeyBinding<T>> keys;
  std::vector<SubsectionBinding<T>> subsections;

  SectionSchema schema() const {
    SectionSchema s = make_section(key, description);
    s.fields = leading;
    for (const auto& k : keys) s.fields.push_back(k.schema);
    for (const auto& sub : subsections) s.sections.push_back(sub.schema);
    return s;
  }
  // Fills `out` from validated values under `prefix` ("gpu." or "memory.").
  void read(const ValueReader& r, const ResolvedValues& values, const std::string& prefix, T& out) const {
    for (const auto& k : keys) {
      if (values.find(prefix + k.schema.key) != values.end()) k.read(r, values, prefix + k.schema.key, out);
    }
    for (const auto& sub : subsections) sub.read(r, prefix + sub.schema.key + ".", out);
  }
};

// A key bound to a member: whole numbers read as counts (at most INT_MAX), 64-bit ones as bytes
// (at most 2^62), reals as base-unit numbers, text as written.
template <class T, class M>
KeyBinding<T> bind(M T::*member, FieldSchema schema) {
  return KeyBinding<T>{std::move(schema), [member](const ValueReader& r, const ResolvedValues&,
                                                   const std::string& path, T& out) {
                         if constexpr (std::is_same_v<M, int>) {
                           out.*member = r.count(path);
                         } else if constexpr (std::is_same_v<M, std::int64_t>) {
                           out.*member = r.bytes(path);
                         } else if constexpr (std::is_same_v<M, double>) {
                           out.*member = r.real(path);
                         } else {
                           static_assert(std::is_same_v<M, std::string>, "bind: int, int64, double or string");
                           out.*member = r.text(path);
                         }
                       }};
}

// A text key with a fixed set of values, each mapped to an enumerator of the member.
template <class T, class E>
KeyBinding<T> bind_choice(E T::*member, FieldSchema schema, std::vector<std::pair<std::string, E>> choices) {
  return KeyBinding<T>{std::move(schema), [member, choices](const ValueReader&, const ResolvedValues& values,
                                                            const std::string& path, T& out) {
                         const auto& v = value_at(values, path);
                         std::string names;
                         for (const auto& [text, value] : choices) {
                           if (v.text == text) {
                             out.*member = value;
                             return;
                           }
                           names += (names.empty() ? "" : ", ") + text;
                         }
                         throw UserError(v.origin.where, path + ": expected one of " + names + ", got '" + v.text + "'");
                       }};
}

// A cache level of T: size, line, and (when the level has them) associativity and latency.
// `modelled`: whether the time model reads the level at all (an L1 it has no model of is not);
// associativity and line are read by the cache simulator only, latency by nothing yet.
template <class T>
SubsectionBinding<T> bind_cache(CacheSpec T::*member, std::string key, std::string description,
                                bool with_associativity, bool with_latency, std::string latency_description,
                                bool modelled, bool line_in_time_model = false) {
  const std::string no_level = "no model of this cache level yet (the fidelity work)";
  const auto mark = [&](FieldSchema f, const std::string& reason) {
    return modelled ? (reason.empty() ? f : unread(std::move(f), reason)) : unread(std::move(f), no_level);
  };
  SectionSchema s = make_section(std::move(key), std::move(description));
  s.fields.push_back(mark(required_field("size", Dimension::Bytes, "Capacity"), ""));
  if (with_associativity) {
    s.fields.push_back(mark(required_field("associativity", Dimension::Count,
                                           "Ways per set; must divide size / line into whole sets"),
                            "read only by the cache simulator (--cache-model simulate)"));
  }
  s.fields.push_back(mark(with_example(required_field("line", Dimension::Bytes, "Line size", Constraint::PowerOfTwo), "64 B"),
                          line_in_time_model ? "" : "read only by the cache simulator (--cache-model simulate)"));
  if (with_latency) {
    s.fields.push_back(mark(required_field("latency", Dimension::Cycles, std::move(latency_description)),
                            "no latency term in the models yet"));
  }
  return SubsectionBinding<T>{std::move(s), [member, with_associativity, with_latency](
                                                const ValueReader& r, const std::string& prefix, T& out) {
                                CacheSpec& c = out.*member;
                                c.size_bytes = r.bytes(prefix + "size");
                                c.line_bytes = r.bytes(prefix + "line");
                                if (with_associativity) c.associativity = r.count(prefix + "associativity");
                                if (with_latency) c.latency_cycles = r.real(prefix + "latency");
                              }};
}

// The bound sections of the board (sim/hwdesc/hardware_bindings.cpp).
const SectionBinding<CpuCluster>& cpu_cluster_binding();
const SectionBinding<Gpu>& gpu_binding();
const SectionBinding<SystolicArray>& systolic_array_binding();
const SectionBinding<Memory>& memory_binding();

}  // namespace augur::hwdesc
