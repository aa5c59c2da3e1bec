#!/usr/bin/env bash
# End to end from a Kafka topic to the embedded store: starts a local broker (scripts/kafka-broker.sh),
# produces EVENTS generated playback heartbeats (scripts/generate-playback.sh) to the topic playback, then
# times `rdg ingest --kafkaBootstrap … --topics=playback --maxRecords=EVENTS` into a fresh embedded store on
# Flink's embedded cluster and prints events/s (wall time of the ingest command, Flink start included).
#   scripts/bench-kafka.sh [EVENTS] [rdg ingest options…]     e.g. scripts/bench-kafka.sh 200000 --parallelism=2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
events="${1:-100000}"
shift || true
port="${RDG_BENCH_KAFKA_PORT:-39092}"
work="$(mktemp -d)"
"$here/scripts/kafka-broker.sh" start --dir "$work/broker" --port "$port" > /dev/null
trap '"$here/scripts/kafka-broker.sh" stop --dir "$work/broker"; rm -rf "$work"' EXIT
"$here/scripts/generate-playback.sh" "$events" > "$work/playback.jsonl"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; input: $events events on topic playback"
java -cp "$here/target/kafka-broker-lib/*" "$here/scripts/kafka-broker/ProduceLines.java" \
  "127.0.0.1:$port" playback "$work/playback.jsonl"
start=$(date +%s.%N)
"$here/rdg" ingest --mapping="$here/test-data/mappings/netflix.yaml" --kafkaBootstrap="127.0.0.1:$port" \
  --topics=playback --kafkaGroup=bench --maxRecords="$events" --sink="embedded:$work/store" \
  --deadLetter="$work/dl.jsonl" --summary="$work/summary.json" --progressSeconds=0 "$@" > /dev/null
end=$(date +%s.%N)
awk -v s="$start" -v e="$end" -v n="$events" -v sum="$(cat "$work/summary.json")" \
  'BEGIN { printf "kafka → embedded  %8.1f s  %9.0f events/s  %s\n", e - s, n / (e - s), sum }'
