#!/usr/bin/env bash
# Times `rdg ingest` of the same generated input on the DirectRunner and on Flink's embedded cluster, and
# prints one line per runner with events/s (the counters come from each run's --summary).
#   scripts/bench-runners.sh [EVENTS] [RUNNER…]      e.g. scripts/bench-runners.sh 200000 FlinkRunner
# Input: EVENTS playback heartbeats (1000 accounts × 4 profiles, 500 titles, one event every 50 ms of
# event time, so many events assert the same edges within a minute), in the Netflix sample's shape.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
events="${1:-100000}"
shift || true
runners=("$@")
[ ${#runners[@]} -gt 0 ] || runners=(DirectRunner FlinkRunner)
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/in"
awk -v n="$events" 'BEGIN {
  srand(42);
  for (i = 0; i < n; i++) {
    a = int(rand() * 1000); p = int(rand() * 4); t = int(rand() * 500);
    ms = 1772391600000 + i * 50;
    s = int(ms / 1000); frac = ms % 1000;
    h = int((s % 86400) / 3600); m = int((s % 3600) / 60); sec = s % 60;
    printf "{\"eventId\":\"b-%d\",\"ts\":\"2026-03-01T%02d:%02d:%02d.%03dZ\",\"accountId\":\"a%d\",\"profileIdx\":%d,\"profileName\":\"p%d\",\"titleId\":\"tt:%d\",\"titleName\":\"Title %d\",\"position\":%d,\"device\":{\"id\":\"d-%d-%d\",\"model\":\"M\",\"kind\":\"tv\"}}\n", i, h, m, sec, frac, a, p, p, t, t, i % 3600, a, p
  }
}' > "$work/in/playback.jsonl"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; input: $events events"
for runner in "${runners[@]}"; do
  rm -rf "$work/store"
  start=$(date +%s.%N)
  "$here/rdg" ingest --mapping="$here/test-data/mappings/netflix.yaml" --input="$work/in/playback.jsonl" \
    --sink="embedded:$work/store" --deadLetter="$work/dl.jsonl" --summary="$work/summary.json" \
    --runner="$runner" --progressSeconds=0 > /dev/null
  end=$(date +%s.%N)
  awk -v r="$runner" -v s="$start" -v e="$end" -v n="$events" -v sum="$(cat "$work/summary.json")" \
    'BEGIN { printf "%-13s %8.1f s  %9.0f events/s  %s\n", r, e - s, n / (e - s), sum }'
done
