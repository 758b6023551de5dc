// minimize_in_unit_box for the fully static augur binary, which has no NLopt (Debian ships it as
// a shared library only): the commands that fit (calibrate, validate --cross-validate) run in
// augur-fit, the same program linked with NLopt (sim/app/main.cpp hands them over before parsing).
// Reaching this function means a fitting path that main.cpp does not hand over: a bug.
#include "sim/calibrate/optimizer.h"

#include "sim/core/error.h"

namespace augur::calibrate {

MinimizeResult minimize_in_unit_box(const std::function<double(const std::vector<double>&)>& /*f*/,
                                    std::vector<double> /*start*/, const MinimizeOptions& /*options*/) {
  throw InternalError(
      "this augur binary is linked without NLopt, and a command that fits was not handed over to augur-fit "
      "(sim/app/main.cpp, runs_in_fit_helper)");
}

}  // namespace augur::calibrate
