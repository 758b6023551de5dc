#!/usr/bin/env bash
# Regenerates docs/validation.md and its figures (docs/figures/records.png, trace-*.png) from the
# recorded measurements: one command, run after any change to the model or the runtimes.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
build/augur validate --traces ../shared/validation/traces --plot docs/figures > /dev/null
python3 validation/accuracy_report.py > docs/validation.md
echo "docs/validation.md and docs/figures regenerated" >&2
