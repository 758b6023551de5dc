#!/usr/bin/env bash
# Runs `augur sweep` on a Slurm cluster: a job array with one shard per task, then a merge job
# that depends on the whole array (docs/whatif.md, "On a Slurm cluster").
#
#   scripts/slurm-sweep.sh --shards N --out FILE.csv [--dir SHARD_DIR] [--augur PATH] [--cpus C]
#                          [--sbatch OPTION]... [--wait] -- SWEEP_ARGS...
#
# SWEEP_ARGS are those of `augur sweep` without --shard, --jobs and --out (e.g. --hw ... --net ...
# --vary ...). Shards go to SHARD_DIR (default FILE.shards/, which must be on a file system every
# node sees); FILE and FILE.json are the merged sweep. Prints the array's and the merge's job ids.
# --wait returns when the merge job has finished, with its exit status. No argument is ever
# evaluated by a shell: sbatch runs the job scripts of scripts/slurm/ with them as arguments.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
shards="" out="" dir="" augur="" cpus=1 wait=0
sbatch_options=()
usage() { echo "usage: $0 --shards N --out FILE.csv [--dir DIR] [--augur PATH] [--cpus C] [--sbatch OPTION]... [--wait] -- SWEEP_ARGS..." >&2; exit 2; }
while [ $# -gt 0 ]; do
  case $1 in
    --shards) shards=${2:-}; shift 2 ;;
    --out) out=${2:-}; shift 2 ;;
    --dir) dir=${2:-}; shift 2 ;;
    --augur) augur=${2:-}; shift 2 ;;
    --cpus) cpus=${2:-}; shift 2 ;;
    --sbatch) sbatch_options+=("${2:-}"); shift 2 ;;
    --wait) wait=1; shift ;;
    --) shift; break ;;
    *) usage ;;
  esac
done
[[ $shards =~ ^[1-9][0-9]*$ ]] || { echo "slurm-sweep: --shards must be a whole number >= 1" >&2; exit 2; }
[[ $cpus =~ ^[1-9][0-9]*$ ]] || { echo "slurm-sweep: --cpus must be a whole number >= 1" >&2; exit 2; }
[ -n "$out" ] || usage
[ $# -gt 0 ] || { echo "slurm-sweep: no sweep arguments after --" >&2; exit 2; }
for a in "$@"; do
  case $a in --shard|--shard=*|--out|--out=*|--jobs|--jobs=*) echo "slurm-sweep: $a is set per task; leave it out" >&2; exit 2 ;; esac
done
command -v sbatch > /dev/null || { echo "slurm-sweep: sbatch not found (is this a Slurm cluster?)" >&2; exit 2; }
if [ -z "$augur" ]; then augur=$(command -v augur || true); fi
[ -n "$augur" ] && [ -x "$augur" ] || { echo "slurm-sweep: no augur binary (give --augur PATH)" >&2; exit 2; }
augur=$(cd "$(dirname "$augur")" && pwd)/$(basename "$augur")
out=$(cd "$(dirname "$out")" && pwd)/$(basename "$out")
dir=${dir:-$out.shards}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

array=$(sbatch --parsable --job-name=augur-sweep --array="1-$shards" --cpus-per-task="$cpus" \
        --output="$dir/shard-%a.log" "${sbatch_options[@]}" \
        "$here/slurm/sweep-shard.sh" "$augur" "$dir" "$shards" "$@")
array=${array%%;*}
merge_args=(--parsable --job-name=augur-sweep-merge --dependency="afterok:$array" --kill-on-invalid-dep=yes
            --output="$dir/merge.log")
[ "$wait" = 1 ] && merge_args+=(--wait)
echo "slurm-sweep: array job $array ($shards shards in $dir)" >&2
set +e
merge=$(sbatch "${merge_args[@]}" "${sbatch_options[@]}" "$here/slurm/sweep-merge.sh" "$augur" "$dir" "$shards" "$out")
status=$?
set -e
echo "slurm-sweep: merge job ${merge%%;*} -> $out" >&2
echo "$array ${merge%%;*}"
exit $status
