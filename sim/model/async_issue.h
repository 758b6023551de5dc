// Asynchronous issue: the host issues a kernel's calls one after another, each costing it
// `issue_per_call` seconds; the device runs each call for `per_call` seconds once the call is
// issued and the device is free. The device finishes the last of n calls at
//   end = max(device_free + n·d, host + i + n·d, host + n·i + d)      (s; i = issue, d = per call)
// (each call starts at max(previous end, its issue time); the latest-binding call is the first
// or the last): device-bound when d >= i, issue-bound (the host feeds it too slowly) otherwise.
#pragma once

#include <algorithm>

namespace augur {

struct IssuedCalls {
  double host_end = 0;    // when the host has issued the last call (s)
  double first_start = 0; // when the device starts the first call (s)
  double device_end = 0;  // when the device finishes the last call (s)
};

inline IssuedCalls issue_calls(double host, double device_free, double calls, double issue_per_call, double per_call) {
  IssuedCalls r;
  r.host_end = host + calls * issue_per_call;
  r.first_start = std::max(device_free, host + issue_per_call);
  r.device_end = std::max(r.first_start + calls * per_call, r.host_end + per_call);
  return r;
}

}  // namespace augur
