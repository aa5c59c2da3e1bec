#!/usr/bin/env bash
# A local Kafka broker (KRaft, broker and controller in one process) from the Maven jars, on 127.0.0.1.
#   scripts/kafka-broker.sh start [--dir DIR] [--port PORT] [--partitions N]   prints the bootstrap address HOST:PORT
#   scripts/kafka-broker.sh stop  [--dir DIR]
# DIR (default target/kafka-broker) holds the jars (lib/), a fresh data folder per start, broker.log and
# broker.pid. PORT (default 9092) is the client port; the controller listens on PORT+1. N (default 1) is the
# number of partitions of a topic the broker creates when it is first used.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cmd="${1:-}"; shift || true
dir="$root/target/kafka-broker"
port=9092
partitions=1
while [ $# -gt 0 ]; do
  case "$1" in
    --dir) dir="$2"; shift 2 ;;
    --port) port="$2"; shift 2 ;;
    --partitions) partitions="$2"; shift 2 ;;
    *) echo "kafka-broker.sh: unknown argument $1" >&2; exit 2 ;;
  esac
done
lib="$root/target/kafka-broker-lib"
pidfile="$dir/broker.pid"

running() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "$cmd" in
  start)
    if running; then
      echo "kafka-broker.sh: a broker already runs from $dir (pid $(cat "$pidfile"))" >&2; exit 1
    fi
    if [ ! -f "$lib/.complete" ]; then
      echo "kafka-broker.sh: copying the Kafka jars into $lib ..." >&2
      mvn -q -B -f "$here/kafka-broker/pom.xml" dependency:copy-dependencies \
        -DoutputDirectory="$lib" -DincludeScope=runtime >&2
      touch "$lib/.complete"
    fi
    mkdir -p "$dir"
    rm -rf "$dir/data"
    controller=$((port + 1))
    cat > "$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$dir/data
num.partitions=$partitions
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
group.initial.rebalance.delay.ms=0
PROPS
    java -cp "$lib/*" kafka.tools.StorageTool format -t "$(java -cp "$lib/*" kafka.tools.StorageTool random-uuid)" \
      -c "$dir/server.properties" > "$dir/format.log" 2>&1
    nohup java ${KAFKA_HEAP_OPTS:--Xmx512m} -cp "$lib/*" kafka.Kafka "$dir/server.properties" \
      > "$dir/broker.log" 2>&1 &
    echo $! > "$pidfile"
    for _ in $(seq 1 120); do
      if grep -q "Kafka Server started" "$dir/broker.log"; then
        echo "127.0.0.1:$port"; exit 0
      fi
      if ! running; then
        echo "kafka-broker.sh: the broker died; see $dir/broker.log" >&2; tail -20 "$dir/broker.log" >&2; exit 1
      fi
      sleep 0.5
    done
    echo "kafka-broker.sh: the broker did not start within 60 s; see $dir/broker.log" >&2; exit 1
    ;;
  stop)
    if ! running; then
      echo "kafka-broker.sh: no broker runs from $dir" >&2; rm -f "$pidfile"; exit 0
    fi
    pid="$(cat "$pidfile")"
    kill -TERM "$pid"
    for _ in $(seq 1 40); do
      kill -0 "$pid" 2>/dev/null || { rm -f "$pidfile"; exit 0; }
      sleep 0.5
    done
    kill -KILL "$pid" 2>/dev/null || true
    rm -f "$pidfile"
    ;;
  *)
    echo "usage: kafka-broker.sh start|stop [--dir DIR] [--port PORT]" >&2; exit 2 ;;
esac
