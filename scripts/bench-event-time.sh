#!/usr/bin/env bash
# Streams EVENTS events through DivertTooLateEvents and CoalesceUpdates on Flink's
# embedded cluster and prints heap after GC (the heap state's size) and peak heap at EVENTS/10, EVENTS/2 and EVENTS
# events (1M, 5M, 10M by default), and a progress line every 30 s on stderr.
#   scripts/bench-event-time.sh [EVENTS] [HEAP]        e.g. scripts/bench-event-time.sh 10000000 1g
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
events="${1:-10000000}"
heap="${2:-1g}"
cd "$here"
cp_file="$(mktemp)"
trap 'rm -f "$cp_file"' EXIT
# One reactor run: rdg's own modules (the sinks' test-jar too) come from their target folders.
mvn -q -pl pipelines -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -DexcludeGroupIds=dev.rdg -Dmdep.outputFile="$cp_file" > /dev/null
java -Xmx"$heap" -cp "pipelines/target/test-classes:pipelines/target/classes:transforms/target/classes:sinks/target/classes:sinks/target/test-classes:$(cat "$cp_file")" \
  dev.rdg.pipelines.EventTimeBenchmark "$events" 2> >(grep --line-buffered "^progress" >&2)
