#!/usr/bin/env bash
# Retention sweep benchmark (rdg compact's ExpirySweep): writes a fresh embedded store of about --elements
# nodes and edges with a known expired fraction, sweeps it, and prints elements/s and the on-disk size
# before and after.
#   scripts/bench-retention.sh [--elements=200000] [--expired=0.5] [--dir=/tmp/rdg-bench-retention-$$]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl sinks -am test-compile dependency:build-classpath -Dmdep.outputFile=target/classpath.txt \
  -Dmdep.includeScope=test >&2
args=("$@")
if [[ " $* " != *" --dir="* ]]; then
  args+=("--dir=${TMPDIR:-/tmp}/rdg-bench-retention-$$")
  trap 'rm -rf "${TMPDIR:-/tmp}/rdg-bench-retention-$$"' EXIT
fi
java -Xmx1g -cp "sinks/target/test-classes:sinks/target/classes:transforms/target/classes:$(cat sinks/target/classpath.txt)" \
  dev.rdg.sinks.embedded.RetentionBenchmark "${args[@]}"
