#!/usr/bin/env bash
# The main job on the built-in default: builds Augur (installing missing packages) and simulates
# VGG-16 at batch 1 on the Jetson TX1 GPU (Caffe + cuBLAS), printing the per-layer table.
# Extra arguments are passed to `augur simulate` (e.g. --format json, --processor auto).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/build.sh
exec "${AUGUR_BUILD_DIR:-build}/augur" simulate --hw hwdesc/boards/jetson-tx1.yaml \
  --net workloads/caffe/vgg16.prototxt --batch 1 --processor gpu "$@"
