#!/usr/bin/env bash
# Query latency benchmark: generates a Netflix-shaped graph of >= 1M edges straight into an embedded store
# (reused by later runs with the same --dir) and prints p50/p99 of 1-hop and 2-hop traversals with the
# default limits (300 edges per hop, 100-day lookback), for LATEST and ANY selection.
#   scripts/bench-query.sh [--edges=1000000] [--queries=2000] [--dir=/tmp/rdg-bench-query]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl sinks -am test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test >&2
exec java -Xmx2g -cp "sinks/target/test-classes:sinks/target/classes:transforms/target/classes:$(cat sinks/target/classpath.txt)" \
  dev.rdg.sinks.query.QueryBenchmark "$@"
