#!/bin/sh
# Times `aajr verify` on the mlp8 benchmark (8-32-32-4 ReLU, 32 samples, 20 PGA steps,
# --global off; numbers grow to thousands of digits) and prints the ratio to the
# 4.9 s baseline of the plain [Rational] path. Optionally checks the JSON output
# byte for byte against a saved reference.
#
# Usage: Benchmarks/mlp8.sh [path/to/aajr] [reference.json]
# (defaults: .build/release/aajr; no reference check)
set -eu
here=$(cd "$(dirname "$0")/.." && pwd)
aajr=${1:-$here/.build/release/aajr}
reference=${2:-}
bench=$here/../shared/bench/mlp8
[ -d "$bench" ] || bench=$here/Benchmarks/inputs/mlp8
out=$(mktemp)
trap 'rm -f "$out" "$out.time"' EXIT
times=""
for run in 1 2 3; do
  /usr/bin/time -f "%U %S" -o "$out.time" "$aajr" verify --policy "$bench/policy.json" \
    --problem "$bench/problem.json" --global off --json > "$out" || [ $? -eq 1 ]
  times="$times $(tail -n 1 "$out.time" | awk '{ printf "%.3f", $1 + $2 }')"
done
best=$(echo $times | tr ' ' '\n' | sort -n | head -1)
echo "mlp8: best of 3 CPU $best s; baseline 4.9 s; speed-up $(awk -v t="$best" 'BEGIN { printf "%.1fx", 4.9 / t }')"
if [ -n "$reference" ]; then
  if cmp -s "$out" "$reference"; then echo "output identical to $reference"; else echo "OUTPUT DIFFERS from $reference"; exit 1; fi
fi
