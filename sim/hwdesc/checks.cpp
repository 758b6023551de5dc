// Cross-field consistency checks.
#include "sim/hwdesc/checks.h"

#include <cmath>

#include <fmt/format.h>

namespace augur::hwdesc {
namespace {

std::string shown(const ResolvedValue& v) { return format_quantity(v.number, v.dimension); }

// where the value was set, for "... (set at X)" in messages
std::string set_at(const ResolvedValue& v) { return v.origin.to_string(); }

SourceLocation location(const ResolvedValue& v) {
  return v.origin.kind == Origin::Kind::Default ? SourceLocation{"default"} : v.origin.where;
}

// size must hold a whole number (>= 1) of sets of associativity × line bytes.
void check_cache_geometry(const ResolvedValues& values, const std::string& cache) {
  const auto& size = value_at(values, cache + ".size");
  const auto& line = value_at(values, cache + ".line");
  const auto assoc_it = values.find(cache + ".associativity");
  const double ways = assoc_it == values.end() ? 1.0 : assoc_it->second.number;
  const double set_bytes = ways * line.number;
  if (size.number < set_bytes || std::fmod(size.number, set_bytes) != 0.0) {
    // Blame what the user changed on the command line (the size of `--set gpu.l2.size=1MB`), not
    // the file that declares the geometry; among files, the associativity.
    const ResolvedValue* blame = assoc_it == values.end() ? &line : &assoc_it->second;
    for (const ResolvedValue* v : {&size, &line, assoc_it == values.end() ? nullptr : &assoc_it->second}) {
      if (v != nullptr && v->origin.kind == Origin::Kind::Override) {
        blame = v;
        break;
      }
    }
    // A decimal size (1 MB = 10^6 B) that the binary unit would have fitted is the usual slip.
    // (A varied value reaches here as exact bytes; its flag holds the text the user wrote.)
    const std::string written =
        size.text + (size.origin.kind == Origin::Kind::Override ? " " + size.origin.where.file : "");
    const bool decimal = written.find("kB") != std::string::npos || written.find("MB") != std::string::npos ||
                         written.find("GB") != std::string::npos;
    throw UserError(location(*blame),
                    fmt::format("{}: {} ways × {} lines do not divide the cache size {} into whole sets{}", cache, ways,
                                shown(line), shown(size),
                                decimal ? " (kB, MB and GB are powers of 10; KiB, MiB and GiB powers of 2)" : ""));
  }
}

void check_not_larger(const ResolvedValues& values, const std::string& inner,
                      const std::string& outer, const std::string& what) {
  const auto& a = value_at(values, inner);
  const auto& b = value_at(values, outer);
  if (a.number > b.number) {
    throw UserError(location(a), fmt::format("{} ({}) is larger than {} ({}, set at {}): {}",
                                             inner, shown(a), outer, shown(b), set_at(b), what));
  }
}

}  // namespace

void check_consistency(const ResolvedValues& values) {
  for (const auto& [name, model] : processor_models(values)) {
    const std::string p = name + ".";
    if (model == "cpu") {
      for (const char* cache : {"l1d", "l1i", "l2"}) check_cache_geometry(values, p + cache);
      check_not_larger(values, p + "l1d.size", p + "l2.size", "an L1 cannot be larger than the L2");
      check_not_larger(values, p + "l1i.size", p + "l2.size", "an L1 cannot be larger than the L2");
    } else if (model == "gpu") {
      for (const char* cache : {"l1", "l2"}) check_cache_geometry(values, p + cache);
      check_not_larger(values, p + "l1.size", p + "l2.size", "an L1 cannot be larger than the L2");
      check_not_larger(values, p + "shared_memory_per_block", p + "shared_memory_per_sm",
                       "a block cannot use more shared memory than its SM has");
      check_not_larger(values, p + "registers_per_block", p + "registers_per_sm",
                       "a block cannot use more registers than its SM has");
      check_not_larger(values, p + "max_threads_per_block", p + "max_threads_per_sm",
                       "a block cannot have more threads than its SM can hold");
      check_not_larger(values, p + "warp_size", p + "max_threads_per_block",
                       "a block holds at least one warp");
    }
  }
}

std::vector<std::pair<std::string, std::string>> processor_models(const ResolvedValues& values) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [path, value] : values) {
    const auto dot = path.find('.');
    if (dot != std::string::npos && path.compare(dot, std::string::npos, ".model") == 0) {
      out.emplace_back(path.substr(0, dot), value.text);
    }
  }
  return out;
}

}  // namespace augur::hwdesc
