// Names of bounds.
#include "sim/model/kernel_cost.h"

namespace augur {

const char* bound_name(Bound bound) {
  switch (bound) {
    case Bound::Compute: return "compute";
    case Bound::Memory: return "memory";
    case Bound::Overhead: return "overhead";
  }
  return "?";
}

}  // namespace augur
