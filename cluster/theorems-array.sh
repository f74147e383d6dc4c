#!/bin/bash
# One task of a sharded `aajr theorems` run, as a Slurm job array: task i checks the theorem
# files whose position (sorted by name) is i mod n and writes $AAJR_OUT/part-i.json.
#
#   sbatch --array=0-$((N-1)) --export=ALL,AAJR=/path/to/aajr,AAJR_SHARDS=N,AAJR_OUT=/shared/run \
#          cluster/theorems-array.sh
#   # when every task has ended (or: sbatch --dependency=afterok:JOBID cluster/merge.sh):
#   aajr merge /shared/run/part-*.json --out /shared/run/theorems.json
#
# Environment: AAJR (the binary; default `aajr` on PATH), AAJR_SHARDS (n; default the array's
# task count), AAJR_OUT (folder of the parts, shared by all nodes), AAJR_DIR (theorem folder;
# default theorems), AAJR_REPORT (the --report path; give every task, and any unsharded run you
# compare with, the same one: it names the counterexample folders in the JSON), AAJR_CASES and
# AAJR_SEED (optional --cases / --seed), AAJR_JOBS (optional --jobs).
#SBATCH --job-name=aajr-theorems
#SBATCH --ntasks=1
#SBATCH --output=aajr-theorems-%A_%a.log
set -euo pipefail
i=${SLURM_ARRAY_TASK_ID:?run me as a job array: sbatch --array=0-N}
n=${AAJR_SHARDS:-${SLURM_ARRAY_TASK_COUNT:?set AAJR_SHARDS}}
out=${AAJR_OUT:?set AAJR_OUT to a folder every node can write}
args=(theorems --dir "${AAJR_DIR:-theorems}" --report "${AAJR_REPORT:-reports/theorems.md}"
      --shard "$i/$n" --out "$out/part-$i.json")
[ -n "${AAJR_CASES:-}" ] && args+=(--cases "$AAJR_CASES")
[ -n "${AAJR_SEED:-}" ] && args+=(--seed "$AAJR_SEED")
[ -n "${AAJR_JOBS:-}" ] && args+=(--jobs "$AAJR_JOBS")
mkdir -p "$out"
echo "aajr theorems shard $i/$n on $(hostname) at $(date -u +%FT%TZ)"
exec "${AAJR:-aajr}" "${args[@]}"
