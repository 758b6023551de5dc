#!/usr/bin/env bash
# Regenerates docs/validation.md and its figures (docs/figures/records.png, trace-*.png) from the
# recorded measurements: one command, run after any change to the model or the runtimes.
# With --check (ctest `validation_docs_current`), regenerates docs/validation.md into a temp file
# and fails, showing the first differences, when the committed one is not what the binary gives.
#   bash scripts/gen-validation.sh [--check] [--augur build/augur]
set -euo pipefail
cd "$(dirname "$0")/.."
check=0
augur=build/augur
while [ $# -gt 0 ]; do
  case "$1" in
    --check) check=1 ;;
    --augur) augur=$2; shift ;;
    *) echo "usage: $0 [--check] [--augur BINARY]" >&2; exit 2 ;;
  esac
  shift
done
if [ "$check" = 1 ]; then
  tmp=$(mktemp)
  trap 'rm -f "$tmp"' EXIT
  python3 validation/accuracy_report.py --augur "$augur" > "$tmp"
  if ! diff -q docs/validation.md "$tmp" > /dev/null; then
    echo "docs/validation.md is stale (run bash scripts/gen-validation.sh):" >&2
    diff docs/validation.md "$tmp" | head -20 >&2
    exit 1
  fi
  echo "docs/validation.md is what the binary gives" >&2
  exit 0
fi
bash scripts/build.sh
"$augur" validate --traces ../shared/validation/traces --plot docs/figures > /dev/null
python3 validation/accuracy_report.py --augur "$augur" > docs/validation.md.tmp
mv docs/validation.md.tmp docs/validation.md
echo "docs/validation.md and docs/figures regenerated" >&2
