#!/usr/bin/env bash
# Builds the libFuzzer targets with clang (ASan + UBSan) in build-fuzz and runs each for SECONDS
# (default 60) on a copy of its seed corpus (the real files in the repository and ../shared).
# A crash, leak, timeout (> 1 s per input) or sanitizer report fails; its reproducer is copied to
# tests/data/fuzz_regressions/<target>/, which ctest replays through the CLI.
# AUGUR_FUZZ_TARGETS="fuzz_vary ..." runs only those; AUGUR_FUZZ_JOBS sets the build's -j.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
bash scripts/setup-deps.sh
if ! command -v clang++ >/dev/null 2>&1; then
  echo "fuzz: clang++ is needed (Debian package clang)" >&2; exit 1
fi
build=${AUGUR_FUZZ_BUILD_DIR:-build-fuzz}
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang CXX=clang++ cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo -DAUGUR_FUZZ=ON >&2
fi
cmake --build "$build" -j "${AUGUR_FUZZ_JOBS:-$(nproc)}" >&2

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
seed() {  # target, files...
  local target=$1; shift
  mkdir -p "$work/$target"
  for f in "$@"; do [ -f "$f" ] && cp "$f" "$work/$target/$(echo "$f" | tr '/' '_')"; done
  if [ -d "tests/data/fuzz_regressions/$target" ]; then cp tests/data/fuzz_regressions/$target/* "$work/$target/" 2>/dev/null || true; fi
}
seed fuzz_hwdesc hwdesc/*/*.yaml tests/data/bad_hw/*.yaml tests/data/hw/*.yaml
seed fuzz_runtime hwdesc/runtimes/*.yaml hwdesc/runtimes/base/*.yaml tests/data/bad_runtime/*.yaml
seed fuzz_trace tests/data/traces/* ../shared/validation/traces/*.log ../shared/validation/deepbench_tx1_gemm.csv
seed fuzz_prototxt workloads/caffe/*.prototxt tests/data/bad_prototxt/*.prototxt tests/data/nets/*.prototxt \
  ../shared/models/caffe/*.prototxt
seed fuzz_onnx workloads/onnx/*.onnx tests/data/bad_onnx/*.onnx tests/data/onnx_exports/*.onnx
seed fuzz_csv_readers validation/records.csv validation/budgets.csv validation/traces.csv validation/calibrations.csv tests/data/budgets/*.csv
seed fuzz_vary tests/data/fuzz_seeds/fuzz_vary/*
seed fuzz_sweep_merge tests/data/fuzz_seeds/fuzz_sweep_merge/*
seed fuzz_text_escape tests/data/fuzz_seeds/fuzz_vary/* tests/data/nets/*.prototxt

status=0
targets=${AUGUR_FUZZ_TARGETS:-fuzz_hwdesc fuzz_runtime fuzz_prototxt fuzz_trace fuzz_onnx fuzz_csv_readers fuzz_vary fuzz_sweep_merge fuzz_text_escape}
for target in $targets; do
  mkdir -p "$work/artifacts"
  echo "fuzz: $target for ${seconds}s" >&2
  if ! ASAN_OPTIONS=detect_leaks=1 "$build/tests/fuzz/$target" "$work/$target" -max_total_time="$seconds" \
      -timeout=1 -rss_limit_mb=2048 -max_len=65536 -print_final_stats=1 \
      -artifact_prefix="$work/artifacts/" > "$work/$target.log" 2>&1; then
    tail -40 "$work/$target.log" >&2
    mkdir -p "tests/data/fuzz_regressions/$target"
    for artifact in "$work"/artifacts/*; do
      [ -f "$artifact" ] || continue
      # the CLI reads a network as ONNX by its extension
      if [ "$target" = fuzz_onnx ]; then suffix=.onnx; else suffix=; fi
      cp "$artifact" "tests/data/fuzz_regressions/$target/$(basename "$artifact")$suffix"
    done
    echo "fuzz: $target FAILED; reproducer(s) copied to tests/data/fuzz_regressions/$target/" >&2
    status=1
  else
    grep -E "stat::number_of_executed_units|Done" "$work/$target.log" | tail -2 >&2 || true
  fi
  rm -rf "$work/artifacts"
done
exit $status
