// Stderr loggers shared by all subsystems.
#include "sim/core/log.h"

#include <mutex>

#include <spdlog/sinks/stdout_color_sinks.h>

#include "sim/core/error.h"

namespace augur::log {
namespace {

std::mutex& registry_mutex() {
  static std::mutex m;
  return m;
}

spdlog::level::level_enum& current_level() {
  static spdlog::level::level_enum level = spdlog::level::warn;
  return level;
}

spdlog::sink_ptr stderr_sink() {
  static spdlog::sink_ptr sink = std::make_shared<spdlog::sinks::stderr_color_sink_mt>();
  return sink;
}

}  // namespace

std::shared_ptr<spdlog::logger> get(const std::string& subsystem) {
  std::lock_guard lock(registry_mutex());
  const std::string name = "augur." + subsystem;
  if (auto existing = spdlog::get(name)) {
    return existing;
  }
  auto logger = std::make_shared<spdlog::logger>(name, stderr_sink());
  logger->set_pattern("augur: %l: [%n] %v");
  logger->set_level(current_level());
  spdlog::register_logger(logger);
  return logger;
}

void set_level(const std::string& level_name) {
  const auto level = spdlog::level::from_str(level_name);
  if (level == spdlog::level::off && level_name != "off") {
    throw UserError("unknown log level '" + level_name +
                    "': expected trace, debug, info, warn, error or off");
  }
  std::lock_guard lock(registry_mutex());
  current_level() = level;
  spdlog::apply_all([&](const std::shared_ptr<spdlog::logger>& l) { l->set_level(level); });
}

}  // namespace augur::log
