#!/bin/bash
# Joins the parts of a sharded experiment (submit after the array: sbatch --dependency=afterok:JOBID).
# Environment: AAJR, AAJR_OUT (the parts' folder), AAJR_MERGED (the folder of the merged files,
# default $AAJR_OUT). Writes what the unsharded `aajr experiment --out $AAJR_MERGED` writes.
#SBATCH --job-name=aajr-experiment-merge
#SBATCH --ntasks=1
#SBATCH --output=aajr-experiment-merge-%j.log
set -euo pipefail
out=${AAJR_OUT:?set AAJR_OUT}
exec "${AAJR:-aajr}" merge "$out"/experiments-part-*.json --out "${AAJR_MERGED:-$out}"
