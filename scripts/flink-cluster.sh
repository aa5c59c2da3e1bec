#!/usr/bin/env bash
# A local Flink 1.19 session cluster (one JobManager, one TaskManager) on 127.0.0.1, from the Maven jars
# (flink-dist cannot be downloaded here), for running rdg the way it runs on a real cluster.
#
#   scripts/flink-cluster.sh start     starts it, waits until a TaskManager is registered, prints the REST address
#   scripts/flink-cluster.sh stop      stops both processes (TERM, then KILL)
#   scripts/flink-cluster.sh status    prints the cluster overview
#   scripts/flink-cluster.sh taskmanager start   starts another TaskManager for the running JobManager (e.g.
#                                      after one was lost) and waits until it is registered
#   scripts/flink-cluster.sh run JAR [ARGS…]   what `flink run JAR ARGS…` does, with Flink's own CLI
#
# Environment: FLINK_HOME (default target/flink-cluster: lib/, conf/, log/, pids), FLINK_REST_PORT (8081),
# FLINK_RPC_PORT (6123), FLINK_SLOTS (2), FLINK_TM_HEAP (512m), FLINK_HEARTBEAT_INTERVAL (10000 ms: a killed
# TaskManager is given up after two failed heartbeats).
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
home="${FLINK_HOME:-$here/target/flink-cluster}"
rest_port="${FLINK_REST_PORT:-8081}"
rpc_port="${FLINK_RPC_PORT:-6123}"
slots="${FLINK_SLOTS:-2}"
tm_heap="${FLINK_TM_HEAP:-512m}"
heartbeat="${FLINK_HEARTBEAT_INTERVAL:-10000}"
# Flink's own Java 17 flags (env.java.opts.all of its distribution).
java_opts=(
  --add-exports=java.base/sun.net.util=ALL-UNNAMED --add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED
  --add-exports=java.security.jgss/sun.security.krb5=ALL-UNNAMED
  --add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.text=ALL-UNNAMED --add-opens=java.base/java.time=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.locks=ALL-UNNAMED
)

install_lib() {
  if [ ! -f "$home/lib/.complete" ]; then
    mkdir -p "$home/lib"
    mvn -q -f "$here/scripts/flink-cluster/pom.xml" dependency:copy-dependencies \
      -DoutputDirectory="$home/lib" >&2
    touch "$home/lib/.complete"
  fi
}

write_conf() {
  mkdir -p "$home/conf" "$home/log"
  cat > "$home/conf/flink-conf.yaml" <<CONF
jobmanager.rpc.address: 127.0.0.1
jobmanager.rpc.port: $rpc_port
jobmanager.bind-host: 127.0.0.1
jobmanager.memory.process.size: 1024m
rest.address: 127.0.0.1
rest.bind-address: 127.0.0.1
rest.port: $rest_port
taskmanager.host: 127.0.0.1
taskmanager.bind-host: 127.0.0.1
taskmanager.numberOfTaskSlots: $slots
taskmanager.cpu.cores: $slots
taskmanager.memory.task.heap.size: $tm_heap
taskmanager.memory.task.off-heap.size: 0m
taskmanager.memory.framework.heap.size: 128m
taskmanager.memory.framework.off-heap.size: 128m
taskmanager.memory.network.min: 64m
taskmanager.memory.network.max: 64m
taskmanager.memory.managed.size: 128m
taskmanager.memory.jvm-metaspace.size: 256m
taskmanager.memory.jvm-overhead.min: 192m
taskmanager.memory.jvm-overhead.max: 192m
parallelism.default: 1
heartbeat.interval: $heartbeat
CONF
  cat > "$home/conf/log4j.properties" <<'CONF'
rootLogger.level = WARN
rootLogger.appenderRef.file.ref = MainAppender
appender.main.name = MainAppender
appender.main.type = File
appender.main.fileName = ${sys:log.file}
appender.main.layout.type = PatternLayout
appender.main.layout.pattern = %d{yyyy-MM-dd HH:mm:ss,SSS} %-5p %-60c %x - %m%n
CONF
}

start_process() { # name, main class
  local name="$1" main="$2"
  nohup java "${java_opts[@]}" -Dlog.file="$home/log/$name.log" \
    -Dlog4j.configurationFile="file:$home/conf/log4j.properties" \
    -cp "$home/lib/*" "$main" --configDir "$home/conf" >> "$home/log/$name.out" 2>&1 &
  echo $! > "$home/$name.pid"
}

# GET of the REST API's PATH, the body printed; fails unless it answers 200. Bash's /dev/tcp, so the script
# needs no HTTP client on the machine (the REST API answers HTTP/1.0 and closes the connection).
rest_get() {
  local response
  response="$( (exec 3<>"/dev/tcp/127.0.0.1/$rest_port" \
    && printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n' "$1" >&3 && cat <&3) 2>/dev/null)" || return 1
  [[ "$response" == "HTTP/1."[01]" 200"* ]] || return 1
  printf '%s\n' "${response#*$'\r\n\r\n'}"
}

overview() { rest_get /overview; }

# The ids of the registered TaskManagers, one a line.
taskmanager_ids() {
  rest_get /taskmanagers | grep -o '"id":"[^"]*"' | sort || true
}

wait_for_new_taskmanager() { # one whose id is not in $1, within 60 s
  for _ in $(seq 1 120); do
    if comm -13 <(echo "$1") <(taskmanager_ids) | grep -q .; then return 0; fi
    sleep 0.5
  done
  return 1
}

stop_process() {
  local pidfile="$home/$1.pid"
  [ -f "$pidfile" ] || return 0
  local pid; pid="$(cat "$pidfile")"
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$pidfile"
}

case "${1:-}" in
  start)
    if [ -f "$home/jobmanager.pid" ] && kill -0 "$(cat "$home/jobmanager.pid")" 2>/dev/null; then
      echo "flink-cluster: already running (pid $(cat "$home/jobmanager.pid"))" >&2; exit 1
    fi
    install_lib
    write_conf
    start_process jobmanager org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint
    start_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    if wait_for_new_taskmanager ""; then
      echo "127.0.0.1:$rest_port"
      exit 0
    fi
    echo "flink-cluster: no TaskManager registered after 60 s; logs in $home/log" >&2
    "$0" stop; exit 1
    ;;
  taskmanager)
    [ "${2:-}" = start ] || { echo "usage: $0 taskmanager start" >&2; exit 2; }
    overview > /dev/null || { echo "flink-cluster: no JobManager on 127.0.0.1:$rest_port" >&2; exit 1; }
    if [ -f "$home/taskmanager.pid" ] && kill -0 "$(cat "$home/taskmanager.pid")" 2>/dev/null; then
      echo "flink-cluster: a TaskManager already runs (pid $(cat "$home/taskmanager.pid"))" >&2; exit 1
    fi
    # A lost TaskManager stays listed until the JobManager's heartbeat gives up on it: wait for a new id.
    known="$(taskmanager_ids)"
    start_process taskmanager org.apache.flink.runtime.taskexecutor.TaskManagerRunner
    wait_for_new_taskmanager "$known" || {
      echo "flink-cluster: the new TaskManager did not register within 60 s; logs in $home/log" >&2; exit 1; }
    echo "taskmanager $(cat "$home/taskmanager.pid")"
    ;;
  stop)
    stop_process taskmanager
    stop_process jobmanager
    ;;
  status)
    overview || { echo "flink-cluster: not running on 127.0.0.1:$rest_port" >&2; exit 1; }
    echo
    ;;
  run)
    shift
    [ $# -ge 1 ] || { echo "usage: $0 run JAR [ARGS…]" >&2; exit 2; }
    install_lib
    [ -f "$home/conf/flink-conf.yaml" ] || write_conf
    exec java "${java_opts[@]}" -Dlog4j.configurationFile="file:$home/conf/log4j.properties" \
      -Dlog.file="$home/log/client.log" -cp "$home/lib/*" \
      org.apache.flink.client.cli.CliFrontend run -m "127.0.0.1:$rest_port" "$@"
    ;;
  *)
    echo "usage: $0 start|stop|status|taskmanager start|run JAR [ARGS…]" >&2; exit 2
    ;;
esac
