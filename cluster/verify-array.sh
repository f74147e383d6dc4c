#!/bin/bash
# One task of a sharded exact region enumeration (`aajr verify --global exact`), as a Slurm
# job array: task i enumerates the subtrees of the split tree's frontier whose number is
# i mod n, on every core of its node (--jobs), and writes $AAJR_OUT/part-i.json.
#
#   sbatch --array=0-$((N-1)) --cpus-per-task=8 \
#          --export=ALL,AAJR=/path/to/aajr,AAJR_SHARDS=N,AAJR_OUT=/shared/run,AAJR_POLICY=p.json,AAJR_PROBLEM=q.json \
#          cluster/verify-array.sh
#   aajr merge /shared/run/part-*.json --out /shared/run/verify.json   # = aajr verify ... --json
#
# Environment: AAJR, AAJR_SHARDS, AAJR_OUT as in theorems-array.sh; AAJR_POLICY, AAJR_PROBLEM
# (the inputs), AAJR_GAMMA or AAJR_GAMMA_SQ (optional), AAJR_JOBS (default: the CPUs Slurm gave).
#SBATCH --job-name=aajr-verify
#SBATCH --ntasks=1
#SBATCH --output=aajr-verify-%A_%a.log
set -euo pipefail
i=${SLURM_ARRAY_TASK_ID:?run me as a job array: sbatch --array=0-N}
n=${AAJR_SHARDS:-${SLURM_ARRAY_TASK_COUNT:?set AAJR_SHARDS}}
out=${AAJR_OUT:?set AAJR_OUT to a folder every node can write}
args=(verify --policy "${AAJR_POLICY:?}" --problem "${AAJR_PROBLEM:?}" --global exact
      --shard "$i/$n" --out "$out/part-$i.json" --jobs "${AAJR_JOBS:-${SLURM_CPUS_PER_TASK:-1}}")
[ -n "${AAJR_GAMMA:-}" ] && args+=(--gamma "$AAJR_GAMMA")
[ -n "${AAJR_GAMMA_SQ:-}" ] && args+=(--gamma-sq "$AAJR_GAMMA_SQ")
mkdir -p "$out"
echo "aajr verify shard $i/$n on $(hostname) at $(date -u +%FT%TZ)"
exec "${AAJR:-aajr}" "${args[@]}"
