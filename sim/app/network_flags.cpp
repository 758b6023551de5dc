// --batch, --dim, --allow-unknown.
#include "sim/app/network_flags.h"

#include <charconv>

#include <fmt/format.h>

#include "sim/core/error.h"
#include "sim/core/log.h"

namespace augur::app {

NetworkOptions NetworkFlags::options() const {
  NetworkOptions o;
  o.batch = batch;
  o.allow_unknown = allow_unknown;
  for (const auto& d : dims) {
    const auto eq = d.find('=');
    std::int64_t value = 0;
    const char* begin = eq == std::string::npos ? nullptr : d.data() + eq + 1;
    const char* end = d.data() + d.size();
    const auto parsed = begin == nullptr ? std::from_chars_result{end, std::errc::invalid_argument}
                                         : std::from_chars(begin, end, value);
    if (eq == std::string::npos || eq == 0 || parsed.ec != std::errc() || parsed.ptr != end || value < 1 ||
        value > (std::int64_t{1} << 30)) {
      throw UserError(fmt::format("--dim '{}': expected NAME=VALUE with a whole VALUE from 1 to 2^30 (e.g. "
                                  "--dim height=224)",
                                  d));
    }
    const std::string name = d.substr(0, eq);
    if (!o.dims.emplace(name, value).second) throw UserError(fmt::format("--dim {} is given twice", name));
  }
  return o;
}

void log_network_notes(const Network& network) {
  auto logger = log::get("workload");
  for (const auto& note : network.notes) logger->info("{}", note);
  for (const auto& [op, count] : network.unmodelled) {
    logger->warn("{}: {} node(s) of operator '{}' are not modelled; counted as zero time and zero work", network.file,
                 count, op);
  }
}

void add_network_flags(CLI::App* command, NetworkFlags& flags, const std::string& batch_help) {
  command->add_option("--batch", flags.batch, batch_help)->check(CLI::Range(std::int64_t{1}, std::int64_t{1} << 20));
  command->add_option("--dim", flags.dims,
                      "ONNX: the value of a symbolic input dimension, NAME=VALUE (repeatable); a dynamic "
                      "batch dimension takes --batch")
      ->take_all();
  command->add_flag("--allow-unknown", flags.allow_unknown,
                    "ONNX: import operators Augur does not model as zero-cost layers (reported) instead of "
                    "failing");
}

}  // namespace augur::app
