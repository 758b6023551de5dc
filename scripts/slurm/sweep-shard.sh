#!/usr/bin/env bash
# One shard of a sweep, as a task of a Slurm job array (submitted by scripts/slurm-sweep.sh).
# Arguments: AUGUR SHARD_DIR SHARDS SWEEP_ARGS... (the task is shard $SLURM_ARRAY_TASK_ID of SHARDS).
set -euo pipefail
augur=$1 dir=$2 shards=$3
shift 3
task=${SLURM_ARRAY_TASK_ID:?not a task of a job array}
exec "$augur" sweep "$@" --shard "$task/$shards" --jobs "${SLURM_CPUS_PER_TASK:-1}" --out "$dir/shard-$task.csv"
