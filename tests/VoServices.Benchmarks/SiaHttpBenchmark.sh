#!/usr/bin/env bash
# SIA over HTTP (run by hand), next to SiaBenchmarks (the same work without HTTP): N POS=CIRCLE queries at
# random centres against a running server on the 1,000,000-row database of SiaBenchmarks, one curl keeping
# the connection open; prints the median and 90th percentile of the total time per request and the mean rows.
#
#   tests/VoServices.Benchmarks/SiaHttpBenchmark.sh http://127.0.0.1:8080 [RADIUS] [N]
set -euo pipefail
BASE=$1 R=${2:-0.5} N=${3:-200}
urls=() out=$(mktemp -d)
for i in $(seq 1 "$N"); do
  ra=$(awk -v s="$i" 'BEGIN { srand(s); printf "%.6f", rand() * 360 }')
  dec=$(awk -v s="$i" 'BEGIN { srand(s + 100000); u = 2 * rand() - 1; printf "%.6f", atan2(u, sqrt(1 - u * u)) * 180 / 3.14159265 }')
  urls+=("$BASE/sia/query?POS=CIRCLE%20$ra%20$dec%20$R" -o "$out/$i.xml")
done
curl -s -w '%{time_total}\n' "${urls[@]}" | sort -n > "$out/times"
rows=$(cat "$out"/*.xml | grep -c '<TR>' || true)
awk -v n="$N" -v rows="$rows" '{ t[NR] = $1 } END {
  printf "requests %d  median %.2f ms  p90 %.2f ms  rows/request %.1f\n", n, t[int((n + 1) / 2)] * 1000, t[int(n * 0.9)] * 1000, rows / n }' "$out/times"
rm -rf "$out"
