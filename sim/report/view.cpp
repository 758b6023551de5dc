// Rendering a View in the requested format.
#include "sim/report/view.h"

#include "sim/core/error.h"
#include "sim/report/output_checks.h"

namespace augur::report {

std::string render(const View& view, const std::string& format) {
  if (format == "json" && view.json_text) return view.json_text();
  if (format == "json" && view.json) return json_text(view.json());
  if (format == "csv" && view.csv) return view.csv();
  if (format == "yaml" && view.yaml) return view.yaml();
  if (format == "table" && view.table) return view.table();
  throw InternalError("render: this result has no '" + format + "' view");
}

}  // namespace augur::report
