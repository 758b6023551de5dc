// The network type's own functions (loading is in import/network_loader.cpp).
#include "sim/workload/network.h"

namespace augur {

int Network::unmodelled_count() const {
  int n = 0;
  for (const auto& [op, count] : unmodelled) n += count;
  return n;
}

}  // namespace augur
