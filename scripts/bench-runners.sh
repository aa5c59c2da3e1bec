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
"$here/scripts/generate-playback.sh" "$events" > "$work/in/playback.jsonl"
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
