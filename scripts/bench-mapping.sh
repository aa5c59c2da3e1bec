#!/usr/bin/env bash
# Times EventMapper on one thread over one source's events, five passes (the first one cold), or with
# `decode` only the payloads' decoding; prints µs/event per pass. See MappingBenchmark.
#   scripts/bench-mapping.sh MAPPING EVENTS.jsonl SOURCE [decode]
#   scripts/bench-mapping.sh test-data/mappings/netflix-heartbeats.yaml /tmp/bench1m/in/playback.jsonl playback
# (generate the events with `./rdg generate --events=1000000 --output=/tmp/bench1m/in`). The JVM gets the
# bench's heap (-Xms1g -Xmx1g).
set -euo pipefail
[ $# -ge 3 ] || { sed -n '2,7p' "$0" >&2; exit 2; }
here="$(cd "$(dirname "$0")/.." && pwd)"
args=()
for arg in "$@"; do
  # Paths as given from the caller's directory.
  if [ -e "$arg" ]; then args+=("$(cd "$(dirname "$arg")" && pwd)/$(basename "$arg")"); else args+=("$arg"); fi
done
cd "$here"
mvn -q -pl transforms -am test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test >&2
java -Xms1g -Xmx1g -cp "transforms/target/test-classes:transforms/target/classes:$(cat transforms/target/classpath.txt)" \
  dev.rdg.mapping.MappingBenchmark "${args[@]}"
