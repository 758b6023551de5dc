// Views of traces: the normalised trace as JSON (`augur trace import`), and a trace compared
// with a simulation (`augur trace compare`) as a table or JSON.
#pragma once

#include <string>

#include <nlohmann/json_fwd.hpp>

#include "sim/validate/trace.h"
#include "sim/validate/trace_match.h"

namespace augur::report {

nlohmann::json trace_json(const Trace& trace);
std::string comparison_table(const Trace& trace, const TraceComparison& comparison);
nlohmann::json comparison_json(const Trace& trace, const TraceComparison& comparison);

}  // namespace augur::report
