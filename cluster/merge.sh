#!/bin/bash
# Joins the parts of a sharded run (submit after the array: sbatch --dependency=afterok:JOBID).
# Environment: AAJR, AAJR_OUT (the parts' folder), AAJR_MERGED (default $AAJR_OUT/merged.json).
# Exit status: that of the unsharded command (0 all checks hold, 1 one fails), 2 bad parts.
#SBATCH --job-name=aajr-merge
#SBATCH --ntasks=1
#SBATCH --output=aajr-merge-%j.log
set -euo pipefail
out=${AAJR_OUT:?set AAJR_OUT}
exec "${AAJR:-aajr}" merge "$out"/part-*.json --out "${AAJR_MERGED:-$out/merged.json}"
