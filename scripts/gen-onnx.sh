#!/usr/bin/env bash
# Writes the generated ONNX files (workloads/onnx/*.onnx, tests/data/bad_onnx/*.onnx,
# tests/data/onnx_exports/*.onnx) with
# Debian's python3-onnx, or with --check verifies that the committed ones are what the generators
# write now (ctest runs the check). Debian's interpreter is used on purpose: python3-onnx is a
# Debian package, and a python3 from pyenv or a venv would not see it.
set -euo pipefail
cd "$(dirname "$0")/.."
python=/usr/bin/python3
if ! "$python" -c "import onnx" 2>/dev/null; then
  echo "gen-onnx: $python cannot import onnx (Debian package python3-onnx; bash scripts/setup-deps.sh)" >&2
  exit 1
fi
if [ "${1:-}" != "--check" ]; then
  "$python" workloads/onnx/generate.py
  "$python" tests/data/bad_onnx/generate.py
  "$python" tests/data/onnx_exports/generate.py
  exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$python" workloads/onnx/generate.py "$tmp/workloads"
"$python" tests/data/bad_onnx/generate.py "$tmp/bad"
"$python" tests/data/onnx_exports/generate.py "$tmp/exports"
status=0
for pair in "workloads/onnx:$tmp/workloads" "tests/data/bad_onnx:$tmp/bad" "tests/data/onnx_exports:$tmp/exports"; do
  committed=${pair%%:*} fresh=${pair#*:}
  for f in "$fresh"/*.onnx; do
    if ! cmp -s "$f" "$committed/$(basename "$f")"; then
      echo "gen-onnx: $committed/$(basename "$f") is stale or missing; run bash scripts/gen-onnx.sh" >&2
      status=1
    fi
  done
  for f in "$committed"/*.onnx; do
    [ -f "$fresh/$(basename "$f")" ] || { echo "gen-onnx: $f is not written by a generator" >&2; status=1; }
  done
done
exit $status
