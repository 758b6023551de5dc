#!/usr/bin/env bash
# Runs the Google Benchmark suite and writes the results with the machine's description to
# bench-results.json (or $1). docs/speed.md is written by scripts/gen-speed.py, not by hand.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
out=${1:-bench-results.json}
"${AUGUR_BUILD_DIR:-build}/tests/augur_bench" --benchmark_out="$out" --benchmark_out_format=json \
  --benchmark_repetitions=3 --benchmark_report_aggregates_only=true
echo "wrote $out" >&2
