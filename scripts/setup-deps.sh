#!/usr/bin/env bash
# Installs the Debian packages Augur needs to build and test, and does nothing when they are
# all present. Safe to run again. Needs root (or sudo) only when something is missing.
set -euo pipefail

packages=(
  cmake ninja-build g++            # build
  libyaml-dev                      # hardware descriptions (sim/hwdesc/yaml_reader.cpp only)
  libyaml-cpp-dev                  # the reference YAML reader of a differential test
  pkgconf                          # finds libyaml
  libboost-graph-dev               # the layer graph
  libspdlog-dev libfmt-dev         # logging to stderr
  libcli11-dev                     # the command line
  nlohmann-json3-dev               # JSON reports
  libprotobuf-dev protobuf-compiler  # Caffe prototxt (protobuf text format)
  libonnx-dev                      # ONNX models: protobuf classes, checker and shape inference
  python3-onnx                     # workloads/onnx/generate.py builds the test ONNX models
  libgtest-dev libgmock-dev        # tests
  libbenchmark-dev                 # speed benchmarks
  clang libclang-rt-14-dev         # libFuzzer targets (scripts/fuzz.sh)
  gnuplot-nox                      # PNG, SVG and PDF plots of sweeps (augur sweep --plot)
  libnlopt-dev                     # augur calibrate: bounded derivative-free optimiser (BOBYQA)
  libeigen3-dev                    # augur calibrate: eigen-decomposition of the loss's Hessian
  pybind11-dev python3-dev         # the Python module (import augur)
  python3-pytest                   # its tests (ctest python_module)
  slurmctld slurmd slurm-client munge  # ctest slurm_sweep: scripts/slurm-sweep.sh on a one-node cluster
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

echo "setup-deps: installing ${missing[*]}" >&2
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then sudo_cmd=(sudo); else
    echo "setup-deps: need root to install: ${missing[*]}" >&2; exit 1; fi
fi
"${sudo_cmd[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >&2
