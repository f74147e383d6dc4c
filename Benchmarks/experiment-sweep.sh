#!/bin/sh
# Benchmark of `aajr experiment` on a committed sweep, from an empty cache (not a test:
# timings depend on the machine). Usage: Benchmarks/experiment-sweep.sh [JOBS [SWEEP REPORTS]]
# (default: experiments/sweep.json against reports/; the embedding task's sweep is
# `Benchmarks/experiment-sweep.sh 2 experiments/embedding-sweep.json reports/embedding`).
# Prints the wall and CPU time and checks that the fresh outputs equal the committed ones.
set -e
cd "$(dirname "$0")/.."
swift build -c release >/dev/null
out=$(mktemp -d)
jobs=${1:-2}
sweep=${2:-experiments/sweep.json}
reports=${3:-reports}
start=$(date +%s)
/usr/bin/time -f "cpu_user_seconds=%U wall=%e" .build/release/aajr experiment --sweep "$sweep" --out "$out" --jobs "$jobs"
end=$(date +%s)
echo "sweep $sweep wall seconds (jobs $jobs): $((end - start))"
for f in experiments.md experiments.csv experiments.json; do
  cmp -s "$out/$f" "$reports/$f" && echo "$f: identical to the committed one" || echo "$f: DIFFERS from the committed one"
done
rm -rf "$out"
