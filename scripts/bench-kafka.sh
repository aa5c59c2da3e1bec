#!/usr/bin/env bash
# Kafka topics → embedded store against files → embedded store, on the same generated events: starts a local
# broker (scripts/kafka-broker.sh; topics of RDG_BENCH_KAFKA_PARTITIONS partitions, default 2), runs `rdg generate --events=EVENTS` once into files and once into the
# topics playback, sessions and games (the same lines), then times `rdg ingest` of the files and of the
# topics (--maxRecords = the lines generated) into fresh embedded stores on Flink's embedded cluster and
# prints each one's events/s and summary (wall time of the ingest command, Flink start included).
#   scripts/bench-kafka.sh [EVENTS] [rdg ingest options…]     e.g. scripts/bench-kafka.sh 1000000 --parallelism=2
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
events="${1:-100000}"
shift || true
port="${RDG_BENCH_KAFKA_PORT:-39092}"
partitions="${RDG_BENCH_KAFKA_PARTITIONS:-2}"
mapping="$here/test-data/mappings/netflix-heartbeats.yaml"
work="$(mktemp -d)"
"$here/scripts/kafka-broker.sh" start --dir "$work/broker" --port "$port" --partitions "$partitions" > /dev/null
trap '"$here/scripts/kafka-broker.sh" stop --dir "$work/broker"; rm -rf "$work"' EXIT
"$here/rdg" generate --events="$events" --output="$work/files" > /dev/null
"$here/rdg" generate --events="$events" --kafkaBootstrap="127.0.0.1:$port" > /dev/null
records=$(cat "$work"/files/*.jsonl | wc -l)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB; input: $records generated events" \
  "(files and the topics playback, sessions, games; $partitions partitions each)"

# ingest NAME SOURCE-OPTIONS… -- INGEST-OPTIONS…: times one ingest into a fresh store, prints its figures.
ingest() {
  local name="$1"; shift
  local start end
  start=$(date +%s.%N)
  "$here/rdg" ingest --mapping="$mapping" --sink="embedded:$work/$name/store" \
    --deadLetter="$work/$name/dl.jsonl" --summary="$work/$name/summary.json" --progressSeconds=0 "$@" > /dev/null
  end=$(date +%s.%N)
  awk -v name="$name" -v s="$start" -v e="$end" -v n="$records" -v sum="$(cat "$work/$name/summary.json")" \
    'BEGIN { printf "%-22s %8.1f s  %9.0f events/s  %s\n", name " → embedded", e - s, n / (e - s), sum }'
}
ingest files --input="$work/files/*.jsonl" --runner=FlinkRunner "$@"
ingest kafka --kafkaBootstrap="127.0.0.1:$port" --topics=playback,sessions,games --kafkaGroup=bench \
  --maxRecords="$records" --runner=FlinkRunner "$@"
