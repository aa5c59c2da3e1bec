#!/usr/bin/env bash
# Profiles one `rdg ingest` into a fresh embedded store with async-profiler (CPU samples of every thread,
# native frames and HotSpot's compiler threads included, which JFR does not see) and prints where the
# process's CPU went by group of threads: the breakdown in BENCHMARKS.md, "Where the CPU goes"; then how
# long each phase of the job took, from Flink's task state changes (before the job runs; reading, mapping
# and merging in memory; the grouping, which into the embedded store also merges and writes; what follows
# it): whole runs vary by ±15%, phases show where time moved.
#   scripts/profile-ingest.sh MAPPING 'INPUT_GLOB' [more rdg ingest options…]
#   scripts/profile-ingest.sh test-data/mappings/netflix-heartbeats.yaml '/tmp/bench/in/*.jsonl'
# (generate the input with `./rdg generate --events=1000000 --output=/tmp/bench/in`). The JVM gets the
# bench's flags (-Xms1g -Xmx1g -XX:+AlwaysPreTouch) and rdg's default runner, the embedded FlinkRunner.
# The profiler's library is taken from the Maven artifact tools.profiler:async-profiler:2.9 (Maven fetches
# it into the local repository on first use). The stacks stay in $PROFILE_OUT (default
# /tmp/rdg-profile.collapsed, one line per stack and its sample count: input for a flame graph).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
[ $# -ge 2 ] || { sed -n '2,11p' "$0" >&2; exit 2; }
mapping="$1"
input="$2"
shift 2
version=2.9
jar="$HOME/.m2/repository/tools/profiler/async-profiler/$version/async-profiler-$version.jar"
[ -f "$jar" ] || mvn -q dependency:get -Dartifact="tools.profiler:async-profiler:$version"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
unzip -q -o "$jar" 'linux-x64/libasyncProfiler.so' -d "$work"
out="${PROFILE_OUT:-/tmp/rdg-profile.collapsed}"
interval_ms=5
RDG_JAVA_OPTS="-Xms1g -Xmx1g -XX:+AlwaysPreTouch -agentpath:$work/linux-x64/libasyncProfiler.so=start,event=cpu,interval=${interval_ms}ms,threads,collapsed,file=$out \
-Dorg.slf4j.simpleLogger.log.org.apache.flink.runtime.executiongraph.ExecutionGraph=info" \
  "$here/rdg" ingest --mapping="$mapping" --input="$input" --sink="embedded:$work/store" \
  --deadLetter="$work/deadletters.jsonl" --summary="$work/summary.json" --progressSeconds=0 "$@" \
  > "$work/ingest.log" 2>&1 || { cat "$work/ingest.log" >&2; exit 1; }
echo "run: $(cat "$work/summary.json")"
printf '%8s %6s %7s  %s\n' samples share "CPU s" threads
# The first frame of each stack is its thread ([name tid=N]; native threads' names cut at 15 characters);
# Flink's task threads are named after their chain, "... at Step/Substep ...".
awk -v ms="$interval_ms" '
  {
    n = $NF; thread = $0; sub(/;.*/, "", thread)
    if (thread ~ /^\[C2 Compiler/) group = "HotSpot C2 compiler"
    else if (thread ~ /^\[C1 Compiler/) group = "HotSpot C1 compiler"
    else if (thread ~ /^\[(GC Thread|G1 )/) group = "garbage collector"
    else if (thread ~ /^\[main /) group = "main (translation, cluster start)"
    else if (thread ~ /SortMerger/) group = "Flink sorter"
    else if (match(thread, /at [^)\/ ]*(\/[^)\/ ]*)?/)) group = "task " substr(thread, RSTART + 3, RLENGTH - 3)
    else group = "other threads"
    samples[group] += n; total += n
  }
  END {
    for (g in samples) printf "%8d %5.1f%% %7.1f  %s\n", samples[g], 100 * samples[g] / total, samples[g] * ms / 1000, g
    printf "%8d %5.1f%% %7.1f  %s\n", total, 100, total * ms / 1000, "(total)"
  }' "$out" | sort -rn
# Log lines start with milliseconds since the JVM started; the summary's "seconds" count from run().
seconds="$(grep -o '"seconds":[0-9.]*' "$work/summary.json" | cut -d: -f2)"
awk -v seconds="$seconds" '
  / Job .*switched from state CREATED to RUNNING/ { running = $1 }
  / Job .*switched from state RUNNING to FINISHED/ { finished = $1 }
  /switched from RUNNING to FINISHED/ && /ReadEventFiles\/Ranges/ { if ($1 > read) read = $1 }
  /switched from RUNNING to FINISHED/ && /GroupReduce at [^ ]*\/GroupSightings\)/ { if ($1 > grouped) grouped = $1 }
  END {
    if (!running || !finished || !read || !grouped) { print "phases: not in the log (not files on Flink?)"; exit }
    start = finished - seconds * 1000
    printf "phases: before the job %.1f s, reading %.1f s, grouping (and writing, in the embedded store) %.1f s, after it %.1f s\n",
      (running - start) / 1000, (read - running) / 1000, (grouped - read) / 1000, (finished - grouped) / 1000
  }' "$work/ingest.log"
