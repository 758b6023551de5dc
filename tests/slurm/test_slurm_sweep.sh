#!/usr/bin/env bash
# Runs a small sweep through scripts/slurm-sweep.sh on a one-node Slurm cluster started here, on
# localhost, in a private directory (its own munge key and socket, ports, spool and state), and
# checks the merged file is the single-machine sweep. Exit 77 (ctest: skipped, with the reason on
# stdout) when Slurm or munge is not installed or the cluster cannot start on this machine; never
# a pass without the sweep having run through Slurm.
# Usage: test_slurm_sweep.sh AUGUR   (from the source tree)
set -euo pipefail
augur=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
skip() { echo "SKIP: $*"; exit 77; }
fail() { echo "FAIL: $*" >&2; exit 1; }
for p in munged slurmctld slurmd sbatch sinfo scontrol; do
  command -v "$p" > /dev/null || [ -x "/usr/sbin/$p" ] || skip "$p is not installed (Debian packages slurmctld slurmd slurm-client munge; scripts/setup-deps.sh)"
done
PATH=$PATH:/usr/sbin
[ "$(id -u)" = 0 ] || skip "the test cluster runs its daemons as this user; slurmd must be root to start jobs (running as $(id -un))"

tmp=$(mktemp -d /tmp/augur-slurm-XXXXXX)
chmod 755 "$tmp"
pids=()
cleanup() {
  # Jobs of this private cluster still running (a failed or timed-out run), then its daemons by pid.
  if [ -n "${SLURM_CONF:-}" ] && [ "${#pids[@]}" -gt 1 ]; then timeout 10 scancel --quiet --user="$(id -un)" 2> /dev/null || true; fi
  for pid in "${pids[@]}"; do kill "$pid" 2> /dev/null || true; done
  for pid in "${pids[@]}"; do
    for _ in $(seq 50); do kill -0 "$pid" 2> /dev/null || break; sleep 0.1; done
    kill -9 "$pid" 2> /dev/null || true
  done
  rm -rf "$tmp"
}
trap cleanup EXIT
logs() { for f in "$tmp"/*.log; do echo "--- $f"; tail -5 "$f"; done 2> /dev/null | cut -c1-200; }

# munge: a key of our own, its socket in $tmp.
mkdir -p "$tmp/munge" && chmod 700 "$tmp/munge"
dd if=/dev/urandom of="$tmp/munge/key" bs=1024 count=1 status=none
chmod 400 "$tmp/munge/key"
munged --force --key-file="$tmp/munge/key" --socket="$tmp/munge/socket" --pid-file="$tmp/munge/pid" \
       --log-file="$tmp/munged.log" --seed-file="$tmp/munge/seed" || skip "munged does not start: $(tail -2 "$tmp/munged.log" 2> /dev/null)"
for _ in $(seq 50); do [ -s "$tmp/munge/pid" ] && break; sleep 0.1; done
[ -s "$tmp/munge/pid" ] || skip "munged wrote no pid file"
pids+=("$(cat "$tmp/munge/pid")")

host=$(hostname -s)
ports=($(shuf -i 20000-60000 -n 2))
cpus=$(nproc)
mkdir -p "$tmp/state" "$tmp/spool"
cat > "$tmp/slurm.conf" <<CONF
ClusterName=augurtest
SlurmctldHost=$host(127.0.0.1)
SlurmctldPort=${ports[0]}
SlurmdPort=${ports[1]}
SlurmUser=$(id -un)
SlurmdUser=root
AuthType=auth/munge
AuthInfo=socket=$tmp/munge/socket
CredType=cred/munge
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/slurmctld.pid
SlurmdPidFile=$tmp/slurmd.pid
SlurmctldLogFile=$tmp/slurmctld.log
SlurmdLogFile=$tmp/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
JobAcctGatherType=jobacct_gather/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
MpiDefault=none
ReturnToService=2
SchedulerType=sched/builtin
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
CONF
export SLURM_CONF=$tmp/slurm.conf
slurmctld -D -i > "$tmp/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -N "$host" > "$tmp/slurmd.out" 2>&1 &
pids+=($!)
ready=0
for _ in $(seq 150); do
  if sinfo -h -o %T 2> /dev/null | grep -q idle; then ready=1; break; fi
  sleep 0.2
done
[ "$ready" = 1 ] || skip "the one-node cluster did not come up on this machine (slurmd cannot start here): $(logs | tr '\n' ' ')"

cd "$(dirname "$0")/../.."
sweep=(--hw hwdesc/boards/jetson-tx1.yaml --net workloads/caffe/alexnet.prototxt --net workloads/caffe/squeezenet_v1.1.prototxt
       --vary gpu.sm_count=1..3 --vary gpu.l2.size=256KiB,1MiB --batch 1)
"$augur" sweep "${sweep[@]}" --jobs 1 --out "$tmp/single.csv"
set +e
ids=$(timeout 300 bash scripts/slurm-sweep.sh --shards 3 --out "$tmp/slurm.csv" --augur "$augur" --wait -- "${sweep[@]}")
status=$?
set -e
[ "$status" = 0 ] || fail "slurm-sweep.sh exited $status: $(logs | tr '\n' ' ')"
array=${ids%% *}
# Every task of the array ran and wrote its shard.
for i in 1 2 3; do [ -s "$tmp/slurm.csv.shards/shard-$i.csv" ] || fail "array task $i of job $array wrote no shard"; done
cmp "$tmp/single.csv" "$tmp/slurm.csv" || fail "the merged sweep differs from the single-machine run"
cmp "$tmp/single.csv.json" "$tmp/slurm.csv.json" || fail "the merged definition differs from the single-machine run's"
echo "slurm test: ok (array job $array: 3 shards merged into the single-machine sweep, $(($(wc -l < "$tmp/single.csv") - 1)) points)"
