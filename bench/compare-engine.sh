#!/usr/bin/env bash
# Runs EngineBenchmarks for a base commit and for this working tree back to back, alternating,
# RUNS times each (ShortRun), with the same benchmark code on both sides, then prints the median
# over the runs of each side's per-run median, and the load average seen before each run.
#   bench/compare-engine.sh [base-ref, default main] [runs, default 3]
set -euo pipefail
base_ref=${1:-main}
runs=${2:-3}
root=$(git -C "$(dirname "$0")" rev-parse --show-toplevel)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
bench=bench/TicketBooking.Benchmarks

mkdir -p "$work/base"
git -C "$root" archive "$base_ref" | tar -x -C "$work/base"
cp "$root/$bench/EngineBenchmarks.cs" "$root/$bench/DecisionsPerSecondColumn.cs" "$work/base/$bench/"
for side in base head; do
  src=$([ "$side" = base ] && echo "$work/base" || echo "$root")
  dotnet build "$src/$bench" -c Release -o "$work/$side-bin" -v quiet -nologo | grep -E "error|rror\(s\)" || true
done

for run in $(seq 1 "$runs"); do
  for side in base head; do
    src=$([ "$side" = base ] && echo "$work/base" || echo "$root")
    echo "run $run $side: load average $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$work/loads.txt"
    # BenchmarkDotNet rebuilds the benchmark project it finds from the current directory: run it in that side's tree.
    (cd "$src" && dotnet "$work/$side-bin/TicketBooking.Benchmarks.dll" --filter '*.EngineBenchmarks.*' --job short \
      --artifacts "$work/$side-$run" > "$work/$side-$run.log" 2>&1)
    grep -E '^\|' "$work/$side-$run"/results/*EngineBenchmarks-report-github.md
  done
done

python3 - "$work" "$runs" <<'PY'
import csv, glob, statistics, sys
work, runs = sys.argv[1], int(sys.argv[2])
def ns(text):
    value, unit = text.replace(',', '').split()
    return float(value) * {'ns': 1, 'μs': 1e3, 'us': 1e3, 'ms': 1e6}[unit]
medians, allocated = {}, {}
for side in ('base', 'head'):
    for run in range(1, runs + 1):
        for path in glob.glob(f'{work}/{side}-{run}/results/*EngineBenchmarks-report.csv'):
            for row in csv.DictReader(open(path, encoding='utf-8')):
                medians.setdefault((row['Method'], side), []).append(ns(row['Median']))
                allocated[(row['Method'], side)] = row['Allocated']
print(f'\nMedian over {runs} runs of each run\'s median time per decision (decisions/s = 1 s / that):\n')
print('| Method | base ns | base decisions/s | base allocated | head ns | head decisions/s | head allocated | speed-up |')
print('|---|---:|---:|---:|---:|---:|---:|---:|')
for method in dict.fromkeys(m for m, _ in medians):
    b, h = (statistics.median(medians[(method, s)]) for s in ('base', 'head'))
    print(f'| {method} | {b:,.1f} | {1e3 / b:.2f} M | {allocated[(method, "base")]} | {h:,.1f} | {1e3 / h:.2f} M | {allocated[(method, "head")]} | {b / h:.1f}x |')
PY
cat "$work/loads.txt"
