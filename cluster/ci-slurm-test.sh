#!/bin/bash
# Proves sharding on a real Slurm: installs Debian's slurm-wlm and munge when missing (root,
# apt-get), writes a one-node configuration for this machine (its hostname and CPU count),
# starts munged (unless one already answers), slurmctld and slurmd on localhost, submits a
# sharded theorem check as a job array, waits, merges the parts, and compares the merged JSON
# and exit status with the unsharded run's, byte for byte; then the same for a tiny experiment
# sweep (cluster/experiment-array.sh; every file of the merged folder against the unsharded
# `aajr experiment`'s, the run cache included). Every daemon it started is stopped
# on exit (trap), whatever happens; every wait has a time limit.
#
# Usage: cluster/ci-slurm-test.sh [AAJR_BINARY] [SHARDS] [CASES]
#   defaults: .build/release/aajr (else .build/debug/aajr), 3 shards, --cases 2.
# Environment: AAJR_SLURM_TIMEOUT (seconds for the array to finish; default 600),
#              AAJR_SLURM_KEEP=1 keeps the work folder (logs, parts) for inspection.
# Exit status: 0 merged == unsharded; 1 a mismatch or a failed task; 2 Slurm could not be set up.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
aajr=${1:-}
if [ -z "$aajr" ]; then
  aajr=$root/.build/release/aajr
  [ -x "$aajr" ] || aajr=$root/.build/debug/aajr
fi
aajr=$(cd "$(dirname "$aajr")" && pwd)/$(basename "$aajr")
shards=${2:-3}
cases=${3:-2}
limit=${AAJR_SLURM_TIMEOUT:-600}
say() { echo "ci-slurm: $*"; }
[ -x "$aajr" ] || { say "no aajr binary at $aajr"; exit 2; }

if ! command -v slurmctld >/dev/null || ! command -v munged >/dev/null; then
  [ "$(id -u)" = 0 ] || { say "slurm-wlm and munge are missing and I am not root"; exit 2; }
  say "installing slurm-wlm and munge"
  export DEBIAN_FRONTEND=noninteractive
  timeout 600 apt-get update -qq >/dev/null && timeout 900 apt-get install -y -qq --no-install-recommends slurm-wlm munge >/dev/null \
    || { say "apt-get failed"; exit 2; }
fi

work=$(mktemp -d /tmp/aajr-slurm.XXXXXX)
chmod 755 "$work"
started_munged=""
ctld_pid=""
slurmd_pid=""
cleanup() {
  status=$?
  for pid in $slurmd_pid $ctld_pid; do
    kill "$pid" 2>/dev/null
  done
  for pid in $slurmd_pid $ctld_pid; do
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -9 "$pid" 2>/dev/null
  done
  if [ -n "$started_munged" ]; then
    pid=$(cat /run/munge/munged.pid 2>/dev/null)
    [ -n "$pid" ] && kill "$pid" 2>/dev/null
  fi
  if [ "$status" != 0 ] || [ "${AAJR_SLURM_KEEP:-0}" = 1 ]; then
    say "work folder kept: $work"
    for log in "$work"/slurmctld.log "$work"/slurmd.log "$work"/out/*.log; do
      [ -f "$log" ] && { echo "--- $log (last lines)"; tail -n 15 "$log"; }
    done
  else
    rm -rf "$work"
  fi
  exit "$status"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# munge: reuse a running one, else start our own (as the munge user, default socket).
if ! (munge -n 2>/dev/null | unmunge >/dev/null 2>&1); then
  [ -s /etc/munge/munge.key ] || { (command -v mungekey >/dev/null && mungekey --create) || dd if=/dev/urandom of=/etc/munge/munge.key bs=1 count=1024 2>/dev/null; }
  chown munge:munge /etc/munge/munge.key 2>/dev/null; chmod 400 /etc/munge/munge.key
  mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge:munge /run/munge /var/log/munge /var/lib/munge
  runuser -u munge -- /usr/sbin/munged 2>"$work/munged.err" || { say "munged did not start: $(cat "$work/munged.err")"; exit 2; }
  started_munged=1
  for _ in $(seq 50); do (munge -n | unmunge >/dev/null 2>&1) && break; sleep 0.2; done
  (munge -n | unmunge >/dev/null 2>&1) || { say "munged does not answer"; exit 2; }
fi

# A free pair of ports for slurmctld and slurmd.
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])' 2>/dev/null || echo 16817)
host=$(hostname -s)
cpus=$(nproc)
mkdir -p "$work/state" "$work/spool" "$work/out"
cat > "$work/slurm.conf" <<CONF
ClusterName=aajrci
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$port
SlurmdPort=$((port + 1))
AuthType=auth/munge
CredType=cred/munge
StateSaveLocation=$work/state
SlurmdSpoolDir=$work/spool
SlurmctldPidFile=$work/slurmctld.pid
SlurmdPidFile=$work/slurmd.pid
SlurmctldLogFile=$work/slurmctld.log
SlurmdLogFile=$work/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_Core
SchedulerType=sched/backfill
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
MinJobAge=600
NodeName=$host NodeAddr=127.0.0.1 CPUs=$cpus State=UNKNOWN
PartitionName=ci Nodes=$host Default=YES MaxTime=60 State=UP
CONF
export SLURM_CONF=$work/slurm.conf
/usr/sbin/slurmctld -D -i -f "$SLURM_CONF" >"$work/slurmctld.out" 2>&1 &
ctld_pid=$!
/usr/sbin/slurmd -D -f "$SLURM_CONF" -N "$host" >"$work/slurmd.out" 2>&1 &
slurmd_pid=$!
say "slurmctld $ctld_pid, slurmd $slurmd_pid on $host ($cpus CPUs), port $port"
ready=""
for _ in $(seq 120); do
  if sinfo -h -N -o '%T' 2>/dev/null | grep -Eq '^(idle|mixed|allocated)'; then ready=1; break; fi
  sleep 0.5
done
[ -n "$ready" ] || { say "the node did not become idle: $(sinfo -h -N -o '%N %T %E' 2>&1)"; exit 2; }

# The unsharded reference (same --report path as the shards: it names the counterexample folders).
report=$work/report/theorems.md
(cd "$root" && "$aajr" theorems --cases "$cases" --report "$report" --json) >"$work/unsharded.json"
unsharded_status=$?
say "unsharded run: exit $unsharded_status"

job=$(cd "$root" && sbatch --parsable --array=0-$((shards - 1)) --chdir="$root" --output="$work/out/task-%a.log" \
  --export=ALL,AAJR="$aajr",AAJR_SHARDS="$shards",AAJR_OUT="$work/parts",AAJR_REPORT="$report",AAJR_CASES="$cases" \
  "$root/cluster/theorems-array.sh") || { say "sbatch failed"; exit 2; }
job=${job%%;*}
say "submitted job array $job (tasks 0-$((shards - 1)))"
# Waits for job array $1 (at most $limit s) and requires all its $shards tasks COMPLETED.
await_array() {
  local deadline=$((SECONDS + limit))
  while [ -n "$(squeue -h -j "$1" 2>/dev/null)" ]; do
    [ $SECONDS -lt $deadline ] || { say "the array did not finish within $limit s"; scancel "$1"; exit 1; }
    sleep 1
  done
  local failed tasks
  failed=$(scontrol -o show job "$1" 2>/dev/null | grep -o 'JobState=[A-Z_]*' | grep -vc 'JobState=COMPLETED')
  tasks=$(scontrol -o show job "$1" 2>/dev/null | grep -c 'JobState=COMPLETED')
  say "array $1 finished: $tasks tasks COMPLETED, $failed not"
  [ "$failed" = 0 ] && [ "$tasks" = "$shards" ] || { say "a task failed"; exit 1; }
}
await_array "$job"

"$aajr" merge "$work"/parts/part-*.json --out "$work/merged.json"
merged_status=$?
say "merge: exit $merged_status"
if ! cmp -s "$work/unsharded.json" "$work/merged.json" || [ "$merged_status" != "$unsharded_status" ]; then
  say "MISMATCH between the merged and unsharded outputs"
  diff "$work/unsharded.json" "$work/merged.json" | head -20
  exit 1
fi
say "OK: theorems, $shards shards on Slurm, merged == unsharded ($(wc -c <"$work/merged.json") bytes), exit status $merged_status"

# Experiments: a tiny sweep (4 runs of 2 epochs) unsharded, then as a job array, merged into a
# folder of its own; every file must be the unsharded run's.
sweep=$work/sweep.json
cat > "$sweep" <<'SWEEP'
{ "format": "aajr-sweep/1", "tasks": ["teacher"], "regularizers": ["none", "aajr"], "seeds": [3, 4], "epochs": 2 }
SWEEP
"$aajr" experiment --sweep "$sweep" --out "$work/exp-whole" --jobs 1 >/dev/null || { say "the unsharded experiment failed"; exit 1; }
job=$(cd "$root" && sbatch --parsable --array=0-$((shards - 1)) --chdir="$root" --output="$work/out/experiment-%a.log" \
  --export=ALL,AAJR="$aajr",AAJR_SHARDS="$shards",AAJR_OUT="$work/exp-parts",AAJR_SWEEP="$sweep",AAJR_JOBS=1 \
  "$root/cluster/experiment-array.sh") || { say "sbatch failed"; exit 2; }
job=${job%%;*}
say "submitted experiment job array $job (tasks 0-$((shards - 1)))"
await_array "$job"
"$aajr" merge "$work"/exp-parts/experiments-part-*.json --out "$work/exp-merged" >/dev/null || { say "the experiment merge failed"; exit 1; }
if diff -r "$work/exp-whole" "$work/exp-merged" >"$work/exp.diff"; then
  say "OK: experiment, $shards shards on Slurm, merged folder == unsharded ($(find "$work/exp-merged" -type f | wc -l) files)"
  exit 0
fi
say "MISMATCH between the merged and unsharded experiment files"
head -20 "$work/exp.diff"
exit 1
