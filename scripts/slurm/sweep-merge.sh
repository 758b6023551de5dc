#!/usr/bin/env bash
# Merges the shards of a sweep once every task of its array has succeeded (submitted by
# scripts/slurm-sweep.sh with --dependency=afterok). Arguments: AUGUR SHARD_DIR SHARDS OUT.
set -euo pipefail
augur=$1 dir=$2 shards=$3 out=$4
files=()
for ((i = 1; i <= shards; i++)); do files+=("$dir/shard-$i.csv"); done
exec "$augur" sweep merge "${files[@]}" --out "$out"
