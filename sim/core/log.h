// Logging: named spdlog loggers that all write to stderr (results go to stdout). model/ never
// logs; it returns notes as data.
#pragma once

#include <memory>
#include <string>

#include <spdlog/spdlog.h>

namespace augur::log {

// The logger for one subsystem ("hw", "workload", "app"); created on first use, idempotent.
std::shared_ptr<spdlog::logger> get(const std::string& subsystem);

// Sets the level of every Augur logger: "trace", "debug", "info", "warn", "error", "off".
// Throws UserError on an unknown level name.
void set_level(const std::string& level_name);

}  // namespace augur::log
