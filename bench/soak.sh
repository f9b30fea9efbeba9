#!/usr/bin/env bash
# Soak: the demo on the Redis store under a steady mix of new, reading and writing sessions
# (bench/soak-mix.lua) for DURATION, on a Redis of its own. Reports errors (goal 0), the heap after a full GC
# at the start and at the end (goal: flat), p99 latency and throughput per interval, into bench/RESULTS-soak.md.
#
#   bench/soak.sh                          # 10 minutes
#   DURATION=1m INTERVAL=20s bench/soak.sh # a quick check of the script
#
# Settings (environment): DURATION (10m), INTERVAL (1m: one wrk run per interval, heap sampled after each),
# THREADS (2), CONNECTIONS (32), SERVER_THREADS (16), MIX ("10 45 2000": % new, % read, sessions per wrk
# thread), REDIS_PORT (6393), PORT (3121), JAVA (java), JAVA_OPTS (-Xms256m -Xmx512m), REDIS_SERVER,
# SKIP_BUILD. The script starts its own Redis (no persistence, its own port: never the machine's) and the
# demo, and stops both; only loopback addresses are used; every wrk run is bounded by INTERVAL.
set -euo pipefail

DURATION=${DURATION:-10m}
INTERVAL=${INTERVAL:-1m}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_THREADS=${SERVER_THREADS:-16}
MIX=${MIX:-"10 45 2000"}
REDIS_PORT=${REDIS_PORT:-6393}
PORT=${PORT:-3121}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx512m"}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/target/soak"
LUA="$ROOT/bench/soak-mix.lua"
cd "$ROOT"
mkdir -p "$OUT"

. "$ROOT/bench/lib.sh"
ensure_wrk
need curl "apt-get install curl"
need jcmd "a JDK's jcmd (the demo's heap is read with it)"
build_demo
find_redis_server

seconds() { awk -v d="$1" 'BEGIN { n = d + 0; u = substr(d, length(d)); print (u == "m" ? n * 60 : u == "h" ? n * 3600 : n) }'; }
total=$(seconds "$DURATION")
step=$(seconds "$INTERVAL")
rounds=$(( (total + step - 1) / step ))

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

"$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$OUT" >"$OUT/redis.log" 2>&1 &
PIDS+=($!)
sleep 0.5
# shellcheck disable=SC2086
SESSION_SECRET="soak benchmark secret, at least thirty-two bytes" "$JAVA" $JAVA_OPTS -cp "$CP" \
  io.sessions4j.examples.DemoServer --port "$PORT" --threads "$SERVER_THREADS" --cookie-max-age 10m \
  --store "redis://127.0.0.1:$REDIS_PORT?prefix=soak:" >"$OUT/server.log" 2>&1 &
PIDS+=($!)
PID_JAVA=$!
wait_http "$PORT" soak

# shellcheck disable=SC2086
wrk -t "$THREADS" -c "$CONNECTIONS" -d 10s -s "$LUA" "http://127.0.0.1:$PORT" -- $MIX >"$OUT/warmup.txt"
heap_start=$(heap_after_gc_mb "$PID_JAVA")
echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -1); $("$REDIS_SERVER" --version | cut -d' ' -f1-3)"
echo "soak: $DURATION in $rounds runs of $INTERVAL, wrk -t $THREADS -c $CONNECTIONS, mix (new% read% pool) $MIX; heap after GC at start: $heap_start MB"
printf '| run | req/s | p99 | errors | heap after GC (MB) | keys in Redis |\n|---|---|---|---|---|---|\n' >"$OUT/table.md"
errors_total=0
p99_worst=0
for i in $(seq 1 "$rounds"); do
  f="$OUT/run-$i.txt"
  # shellcheck disable=SC2086
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$INTERVAL" --latency -s "$LUA" "http://127.0.0.1:$PORT" -- $MIX >"$f"
  heap=$(heap_after_gc_mb "$PID_JAVA")
  keys=$(redis-cli -p "$REDIS_PORT" dbsize 2>/dev/null || echo "?")
  e=$(errors "$f")
  errors_total=$(( errors_total + e ))
  printf '| %d | %.0f | %s | %d | %s | %s |\n' "$i" "$(rps "$f")" "$(p99 "$f")" "$e" "$heap" "$keys" | tee -a "$OUT/table.md"
done
heap_end=$(heap_after_gc_mb "$PID_JAVA")
requests=$(awk '/ requests in / { n += $1 } END { print n }' "$OUT"/run-*.txt)

{
  echo "# Soak: the demo on Redis under a mix of new, reading and writing sessions"
  echo
  echo "\`DURATION=$DURATION INTERVAL=$INTERVAL bench/soak.sh\`, $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')."
  echo "Machine: $(nproc) cores (shared: load $(cut -d' ' -f1-3 /proc/loadavg) at the end); $("$JAVA" -version 2>&1 | head -1); $("$REDIS_SERVER" --version | cut -d' ' -f1-3)."
  echo "Demo: $JAVA_OPTS, $SERVER_THREADS server threads, cookies of 10 minutes, RedisStore on a Redis of its own."
  echo "Load: wrk -t $THREADS -c $CONNECTIONS, bench/soak-mix.lua with (% new, % read, sessions per wrk thread) = $MIX."
  echo
  echo "**$requests requests, $errors_total errors; heap after a full GC: $heap_start MB at the start, $heap_end MB at the end.**"
  echo
  cat "$OUT/table.md"
  echo
  echo "Errors are wrk's non-2xx/3xx responses and socket errors; p99 is wrk's latency distribution per run."
} >"$ROOT/bench/RESULTS-soak.md"
echo "requests $requests, errors $errors_total, heap after GC $heap_start MB -> $heap_end MB; see bench/RESULTS-soak.md"
[ "$errors_total" = 0 ]
