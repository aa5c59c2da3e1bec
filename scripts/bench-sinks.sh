#!/usr/bin/env bash
# Writes the same UPSERTS (default 100000) into every sink (or the SINKS named) and prints upserts/s per sink:
#   [BATCH=1000] scripts/bench-sinks.sh 1000000 [embedded,file,postgresql,neo4j]
# Starts PostgreSQL (embedded-postgres) and Neo4j (neo4j-harness) in the benchmark's JVM; see SinkBenchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
upserts="${1:-100000}"
mvn -q -pl sinks -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile="$PWD/sinks/target/bench.classpath" >/dev/null
java -Xmx4g -Dbatch="${BATCH:-1000}" -cp "sinks/target/test-classes:sinks/target/classes:transforms/target/classes:$(cat sinks/target/bench.classpath)" \
  dev.rdg.sinks.SinkBenchmark "$upserts" ${2:+"$2"} 2> >(grep -v '^SLF4J' >&2)
