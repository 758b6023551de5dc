#!/usr/bin/env bash
# The main job on the built-in default. Builds Augur (installing missing packages) and shows the
# resolved Jetson TX1 board. When `augur simulate` lands this becomes VGG-16 on the TX1 GPU.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec "${AUGUR_BUILD_DIR:-build}/augur" hw show hwdesc/boards/jetson-tx1.yaml "$@"
