// The `augur` Python module (pybind11): the commands over the same scenario objects and views as the
// CLI, returning plain Python data with the keys of the CLI's JSON (docs/python.md). Errors raise
// augur.UserError (bad input; the CLI's one-line message) or augur.InternalError (a bug). The GIL is
// released while Augur loads, simulates and sweeps.
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "sim/core/error.h"
#include "sim/core/version.h"
#include "sim/memplan/footprint.h"
#include "sim/report/memory_view.h"
#include "sim/report/network_view.h"
#include "sim/report/output_checks.h"
#include "sim/report/sensitivity_view.h"
#include "sim/report/simulation_view.h"
#include "sim/scenario/scenario.h"
#include "sim/scenario/sensitivity.h"
#include "sim/sweep/sweep.h"
#include "sim/sweep/sweep_output.h"
#include "sim/workload/import/network_loader.h"

namespace py = pybind11;

namespace augur::python {
namespace {

// A value of a Python dict as the CLI would take it: text as is, True/False as true/false, numbers
// as Python prints them (4, 1.5).
std::string text_of(const py::handle& value) {
  if (py::isinstance<py::bool_>(value)) return value.cast<bool>() ? "true" : "false";
  return py::str(value).cast<std::string>();
}

// `set`: {key: value} or a list of "KEY=VALUE" texts, as --set takes them; None: none.
std::vector<std::string> overrides_of(const py::object& set) {
  std::vector<std::string> out;
  if (set.is_none()) return out;
  if (py::isinstance<py::dict>(set)) {
    for (const auto& [key, value] : set.cast<py::dict>()) out.push_back(text_of(key) + "=" + text_of(value));
    return out;
  }
  if (py::isinstance<py::str>(set)) throw UserError("set: expected a dict {key: value} or a list of 'KEY=VALUE', got a string");
  for (const auto& item : set) out.push_back(text_of(item));
  return out;
}

// `runtime`: {processor: file}, as --runtime NAME=FILE.
std::vector<std::pair<std::string, std::string>> runtimes_of(const std::map<std::string, std::string>& runtime) {
  return {runtime.begin(), runtime.end()};
}

NetworkOptions network_options(std::optional<std::int64_t> batch, const std::map<std::string, std::int64_t>& dims,
                               bool allow_unknown) {
  if (batch && (*batch < 1 || *batch > (std::int64_t{1} << 30))) {
    throw UserError(std::string("batch: expected a whole number from 1 to 2^30, got ") + std::to_string(*batch));
  }
  NetworkOptions o;
  o.batch = batch;
  o.allow_unknown = allow_unknown;
  for (const auto& [name, value] : dims) {
    if (value < 1 || value > (std::int64_t{1} << 30)) {
      throw UserError("dims: " + name + " must be a whole number from 1 to 2^30");
    }
    o.dims.emplace(name, value);
  }
  return o;
}

void check_choice(const std::string& what, const std::string& value, const std::vector<std::string>& allowed) {
  if (std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
    std::string list;
    for (const auto& a : allowed) list += (list.empty() ? "" : ", ") + a;
    throw UserError(what + ": '" + value + "' is not one of " + list);
  }
}

// JSON text -> Python data (dict, list, str, int, float, bool, None) through Python's json module.
py::object python_data(const std::string& json_text) { return py::module_::import("json").attr("loads")(json_text); }

std::string dump(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

ScenarioSpec spec_of(const std::string& hw, const std::string& net, const py::object& set,
                     const std::map<std::string, std::string>& runtime, const NetworkOptions& options) {
  return ScenarioSpec{hw, overrides_of(set), runtimes_of(runtime), net, options};
}

py::object simulate(const std::string& hw, const std::string& net, const std::string& processor,
                    std::optional<std::int64_t> batch, const std::string& mode, const py::object& set,
                    const std::map<std::string, std::string>& runtime, const std::map<std::string, std::int64_t>& dims,
                    bool allow_unknown, const std::string& cache_model) {
  check_choice("mode", mode, {"forward", "layerwise"});
  check_choice("cache_model", cache_model, {"analytic", "simulate"});
  const ScenarioSpec spec = spec_of(hw, net, set, runtime, network_options(batch, dims, allow_unknown));
  std::string text;
  {
    py::gil_scoped_release release;
    const Scenario scenario = Scenario::load(spec);
    const SimulationResult result =
        scenario.simulate(processor, cache_model == "simulate" ? CacheModel::Simulate : CacheModel::Analytic);
    report::check_finite(scenario.network(), result);
    const Footprint footprint = scenario.memory(processor, MemoryPolicy::Caffe);
    text = report::simulation_json(
        report::simulation_context(scenario, result, footprint, processor, mode, cache_model), result);
  }
  return python_data(text);
}

py::object memory(const std::string& hw, const std::string& net, const std::string& processor, const std::string& policy,
                  std::optional<std::int64_t> batch, const py::object& set, const std::map<std::string, std::string>& runtime,
                  const std::map<std::string, std::int64_t>& dims, bool allow_unknown, bool by_layer) {
  check_choice("policy", policy, {"caffe", "liveness"});
  const ScenarioSpec spec = spec_of(hw, net, set, runtime, network_options(batch, dims, allow_unknown));
  std::string text;
  {
    py::gil_scoped_release release;
    const Scenario scenario = Scenario::load(spec);
    const Footprint f = scenario.memory(processor, policy == "liveness" ? MemoryPolicy::Liveness : MemoryPolicy::Caffe);
    text = dump(report::memory_document(scenario, report::memory_context(scenario, processor, policy), f, by_layer));
  }
  return python_data(text);
}

py::object net_show(const std::string& net, std::optional<std::int64_t> batch, const std::map<std::string, std::int64_t>& dims,
                    bool allow_unknown) {
  const NetworkOptions options = network_options(batch, dims, allow_unknown);
  std::string text;
  {
    py::gil_scoped_release release;
    const Network network = load_network(net, options);
    text = dump(report::network_json(network, report::account_network(network)));
  }
  return python_data(text);
}

py::object sensitivity(const std::string& hw, const std::string& net, const std::string& processor,
                       std::optional<std::int64_t> batch, const py::object& set,
                       const std::map<std::string, std::string>& runtime, const std::map<std::string, std::int64_t>& dims,
                       bool allow_unknown) {
  const ScenarioSpec spec = spec_of(hw, net, set, runtime, network_options(batch, dims, allow_unknown));
  std::string text;
  {
    py::gil_scoped_release release;
    const Scenario scenario = Scenario::load(spec);
    text = dump(report::sensitivity_json(scenario, augur::sensitivity(scenario, processor)));
  }
  return python_data(text);
}

// `vary`: {key: values}; values a --vary text ("128KiB..1MiB*2", "1,2,4") or a list of values.
std::vector<sweep::Vary> varies_of(const py::dict& vary) {
  std::vector<sweep::Vary> out;
  for (const auto& [key, values] : vary) {
    std::string text;
    if (py::isinstance<py::str>(values)) {
      text = values.cast<std::string>();
    } else {
      for (const auto& v : values) text += (text.empty() ? "" : ",") + text_of(v);
    }
    out.push_back(sweep::parse_vary(text_of(key) + "=" + text));
  }
  return out;
}

py::object sweep(const std::string& hw, const std::vector<std::string>& nets, const py::dict& vary,
                 const std::vector<std::string>& processors, const py::object& set,
                 const std::map<std::string, std::string>& runtime, std::optional<std::int64_t> batch,
                 const std::map<std::string, std::int64_t>& dims, bool allow_unknown, int jobs) {
  sweep::SweepSpec spec;
  spec.board = hw;
  spec.networks = nets;
  spec.processors = processors;
  spec.varies = varies_of(vary);
  spec.overrides = overrides_of(set);
  spec.runtime_files = runtimes_of(runtime);
  spec.network = network_options(batch, dims, allow_unknown);
  const int threads = jobs > 0 ? jobs : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  std::string text = "[";
  {
    py::gil_scoped_release release;
    sweep::SweepResult meta;
    bool first = true;
    sweep::run_sweep_streamed(
        spec, threads, sweep::Shard{}, {}, [&](const sweep::SweepResult& m) { meta = m; },
        [&](const sweep::SweepRow& row) {
          sweep::check_finite(row);
          text += (first ? "" : ",") + sweep::sweep_record(meta, row).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
          first = false;
        });
  }
  return python_data(text + "]");
}

}  // namespace
}  // namespace augur::python

PYBIND11_MODULE(augur, m) {
  using namespace augur::python;
  using Runtime = std::map<std::string, std::string>;
  using Dims = std::map<std::string, std::int64_t>;
  m.doc() = "Augur: a cycle-approximate performance simulator for CNNs on mobile SoCs (docs/python.md)";
  m.attr("__version__") = augur::kVersion;
  static py::exception<augur::UserError> user_error(m, "UserError", PyExc_ValueError);
  static py::exception<augur::InternalError> internal_error(m, "InternalError", PyExc_RuntimeError);
  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const augur::UserError& e) {
      user_error(e.what());
    } catch (const augur::InternalError& e) {
      internal_error((std::string("internal error (a bug in Augur, please report it): ") + e.what()).c_str());
    }
  });
  m.def("simulate", &simulate, "Per-layer and whole-network time (the keys of `augur simulate --format json`)",
        py::arg("hw"), py::arg("net"), py::arg("processor") = "gpu", py::arg("batch") = py::none(),
        py::arg("mode") = "forward", py::arg("set") = py::none(), py::arg("runtime") = Runtime{},
        py::arg("dims") = Dims{}, py::arg("allow_unknown") = false, py::arg("cache_model") = "analytic");
  m.def("memory", &memory, "Memory footprint (the keys of `augur memory --format json`)", py::arg("hw"), py::arg("net"),
        py::arg("processor") = "gpu", py::arg("policy") = "caffe", py::arg("batch") = py::none(),
        py::arg("set") = py::none(), py::arg("runtime") = Runtime{}, py::arg("dims") = Dims{},
        py::arg("allow_unknown") = false, py::arg("by_layer") = false);
  m.def("net_show", &net_show, "Layers, shapes, MACs, parameters (the keys of `augur net show --format json`)",
        py::arg("net"), py::arg("batch") = py::none(), py::arg("dims") = Dims{}, py::arg("allow_unknown") = false);
  m.def("sensitivity", &sensitivity, "Elasticity of the time to every numeric key (`augur sensitivity --format json`)",
        py::arg("hw"), py::arg("net"), py::arg("processor") = "gpu", py::arg("batch") = py::none(),
        py::arg("set") = py::none(), py::arg("runtime") = Runtime{}, py::arg("dims") = Dims{},
        py::arg("allow_unknown") = false);
  m.def("sweep", &sweep,
        "A sweep as a list of row dicts keyed by the CSV's columns (pandas.DataFrame(rows))", py::arg("hw"),
        py::arg("nets"), py::arg("vary"), py::arg("processors") = std::vector<std::string>{"gpu"},
        py::arg("set") = py::none(), py::arg("runtime") = Runtime{}, py::arg("batch") = py::none(),
        py::arg("dims") = Dims{}, py::arg("allow_unknown") = false, py::arg("jobs") = 0);
}
