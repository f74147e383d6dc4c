#!/bin/bash
# One task of a sharded `aajr experiment` sweep, as a Slurm job array: task i trains and verifies
# the runs whose position in the sweep is i mod n and writes $AAJR_OUT/experiments-part-i.json
# (and the runs' cache in $AAJR_OUT/experiments-runs/).
#
#   sbatch --array=0-$((N-1)) --export=ALL,AAJR=/path/to/aajr,AAJR_SHARDS=N,AAJR_OUT=/shared/run,AAJR_SWEEP=sweep.json \
#          cluster/experiment-array.sh
#   # when every task has ended (or: sbatch --dependency=afterok:JOBID cluster/experiment-merge.sh):
#   aajr merge /shared/run/experiments-part-*.json --out /shared/run
#
# Environment: AAJR (the binary; default `aajr` on PATH), AAJR_SHARDS (n; default the array's
# task count), AAJR_OUT (the shared output folder), AAJR_SWEEP (the sweep file; the report quotes
# this path, so use the same one for an unsharded run you compare with), AAJR_JOBS (optional
# --jobs; default: the task's cores).
#SBATCH --job-name=aajr-experiment
#SBATCH --ntasks=1
#SBATCH --output=aajr-experiment-%A_%a.log
set -euo pipefail
i=${SLURM_ARRAY_TASK_ID:?run me as a job array: sbatch --array=0-N}
n=${AAJR_SHARDS:-${SLURM_ARRAY_TASK_COUNT:?set AAJR_SHARDS}}
out=${AAJR_OUT:?set AAJR_OUT to a folder every node can write}
args=(experiment --sweep "${AAJR_SWEEP:?set AAJR_SWEEP}" --out "$out" --shard "$i/$n")
if [ -n "${AAJR_JOBS:-}" ]; then
  args+=(--jobs "$AAJR_JOBS")
elif [ -n "${SLURM_CPUS_PER_TASK:-}" ]; then
  args+=(--jobs "$SLURM_CPUS_PER_TASK")
fi
mkdir -p "$out"
echo "aajr experiment shard $i/$n on $(hostname) at $(date -u +%FT%TZ)"
exec "${AAJR:-aajr}" "${args[@]}"
