#!/usr/bin/env bash
# Times `rdg ingest` of the same generated input on several runner setups, and prints one line per setup
# with events/s (the counters come from each run's --summary).
#   scripts/bench-runners.sh [EVENTS] [SETUP…]
# A setup is a runner name, optionally followed by ':' and more options separated by ':', e.g.
#   scripts/bench-runners.sh 20000 DirectRunner FlinkRunner:--parallelism=1 FlinkRunner:--parallelism=2 \
#     FlinkRunner:--flinkMaster=127.0.0.1:8081        (a session cluster from scripts/flink-cluster.sh)
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
for setup in "${runners[@]}"; do
  IFS=: read -r runner extra <<< "$setup"
  # Options after the runner are ':'-separated; a ':' inside one (host:port) is kept by re-joining "--" parts.
  mapfile -t options < <(printf '%s' "$extra" | sed 's/:--/\n--/g')
  rm -rf "$work/store"
  start=$(date +%s.%N)
  "$here/rdg" ingest --mapping="$here/test-data/mappings/netflix.yaml" --input="$work/in/playback.jsonl" \
    --sink="embedded:$work/store" --deadLetter="$work/dl.jsonl" --summary="$work/summary.json" \
    --runner="$runner" --progressSeconds=0 "${options[@]}" > /dev/null
  end=$(date +%s.%N)
  awk -v r="$setup" -v s="$start" -v e="$end" -v n="$events" -v sum="$(cat "$work/summary.json")" \
    'BEGIN { printf "%-45s %8.1f s  %9.0f events/s  %s\n", r, e - s, n / (e - s), sum }'
done
