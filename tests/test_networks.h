// Loading networks in tests: the project's workloads and the real files in ../shared.
#pragma once

#include <cctype>
#include <stdexcept>
#include <string>

#include "sim/report/network_view.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/import/network_loader.h"
#include "sim/workload/network.h"
#include "tests/test_paths.h"

namespace augur::test {

inline std::string shared_model(const std::string& name) {
  return repo_path("../shared/models/caffe/" + name + ".prototxt");
}

inline std::string workload(const std::string& name) {
  return repo_path("workloads/caffe/" + name + ".prototxt");
}

// A GoogleTest parameter name from a network name ("squeezenet_v1.1" -> "squeezenet_v1_1").
inline std::string network_test_name(std::string name) {
  for (auto& c : name) {
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  }
  return name;
}

inline std::string onnx_workload(const std::string& name) {
  return repo_path("workloads/onnx/" + name + ".onnx");
}

struct Accounted {
  Network network;
  report::NetworkAccount account;
};

inline Accounted accounted(const std::string& path, std::int64_t batch = 1) {
  Network net = load_network(path, NetworkOptions::with_batch(batch));
  auto account = report::account_network(net);
  return {std::move(net), std::move(account)};
}

inline const report::NetworkAccount::TypeTotal& by_type(const Accounted& a, const std::string& type) {
  for (const auto& t : a.account.by_type) {
    if (t.type == type) return t;
  }
  throw std::runtime_error("no layer of type " + type);
}

// The layer called `name` (a test's own network: a missing name is a broken test).
inline const Layer& layer_named(const Network& net, const std::string& name) {
  for (const auto& l : net.graph.layers()) {
    if (l.name == name) return l;
  }
  throw std::runtime_error("no layer " + name);
}

}  // namespace augur::test
