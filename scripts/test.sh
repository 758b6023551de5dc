#!/usr/bin/env bash
# Builds Augur and runs the whole test suite with CTest. Exits non-zero when any test fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
ctest --test-dir "${AUGUR_BUILD_DIR:-build}" --output-on-failure -j "$(nproc)"
