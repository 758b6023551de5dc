#!/usr/bin/env bash
# Fits every shipped runtime named in validation/calibrations.csv with `augur calibrate`, writing
# hwdesc/runtimes/RUNTIME.yaml (each uses: its hand-written base). With --check, fits into a temp
# directory instead and compares every fitted value with the committed file (ctest
# `calibration_reproduces`): the committed values must be what the command gives.
#   bash scripts/calibrate-runtimes.sh [--check] [--augur build/augur]
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
augur=${AUGUR:-build/augur}
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --augur) augur=$2; shift ;;
    *) echo "usage: $0 [--check] [--augur BINARY]" >&2; exit 2 ;;
  esac
  shift
done
out_dir=hwdesc/runtimes
reports=$(mktemp -d)  # each fit's report (fitted values, sensitivity, flat directions)
if [ "$check" = 1 ]; then
  tmp=$(mktemp -d)
  trap 'rm -rf "$tmp" "$reports"' EXIT
fi
status=0
# runtime,base,params,gemms,traces,note (params separated by spaces; no commas inside them)
while IFS=, read -r runtime base params gemms traces _note; do
  case "$runtime" in ''|'#'*|runtime) continue ;; esac
  out=$out_dir/$runtime.yaml
  [ "$check" = 1 ] && out=$tmp/$runtime.yaml
  extra=()
  [ -n "$gemms" ] && extra=(--gemms "$gemms")
  [ -n "$traces" ] && extra+=(--traces "$traces")
  "$augur" calibrate --runtime "$base" --records validation/records.csv --params "${params// /,}" \
    ${extra[@]+"${extra[@]}"} --out "$out" >"$reports/$runtime.txt" </dev/null
  if [ "$check" = 1 ]; then
    python3 scripts/compare_fitted.py "$out_dir/$runtime.yaml" "$out" </dev/null || status=1
  else
    echo "wrote $out (report: $reports/$runtime.txt)" >&2
  fi
done < validation/calibrations.csv
exit $status
