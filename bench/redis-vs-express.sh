#!/usr/bin/env bash
# Load test: sessions4j + RedisStore vs express-session 1.19 + connect-redis 9 on the same Redis, and
# sessions4j with its memory store, same machine, same run, same wrk settings and script
# (bench/session-cookie.lua: every request carries a real session cookie). Results: bench/RESULTS-redis.md.
#
#   bench/redis-vs-express.sh
#   DURATION=20s ROUNDS=2 bench/redis-vs-express.sh
#
# Pages: the view counter "/" (writes the session on every request, on both sides) and a read-only page
# (sessions4j's /whoami, the Node app's /peek: the session is loaded and touched, not changed).
#
# Settings (environment): DURATION (20s), WARMUP (5s), THREADS (2), CONNECTIONS (32), SERVER_THREADS (16),
# ROUNDS (1), NODE_WORKERS (1: one Node process, as express apps usually run; 2 = one per core with
# node:cluster), REDIS_SERVER (redis-server on the PATH, else the one in embedded-redis), REDIS_PORT (6391),
# PORT_JAVA_REDIS (3111), PORT_JAVA_MEMORY (3112), PORT_NODE (3113), JAVA (java), JAVA_OPTS (-Xms1g -Xmx1g),
# SKIP_BUILD (unset). The script starts its own Redis (no persistence) and stops everything it started;
# only loopback addresses are used; every run is bounded by DURATION.
set -euo pipefail

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_THREADS=${SERVER_THREADS:-16}
ROUNDS=${ROUNDS:-1}
NODE_WORKERS=${NODE_WORKERS:-1}
REDIS_PORT=${REDIS_PORT:-6391}
PORT_JAVA_REDIS=${PORT_JAVA_REDIS:-3111}
PORT_JAVA_MEMORY=${PORT_JAVA_MEMORY:-3112}
PORT_NODE=${PORT_NODE:-3113}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g"}
SECRET="redis benchmark secret, at least thirty-two bytes"
MAX_AGE_MS=3600000
TARGET=2.0

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/target/redis"
LUA="$ROOT/bench/session-cookie.lua"
cd "$ROOT"
mkdir -p "$OUT"

. "$ROOT/bench/lib.sh"
ensure_wrk
need curl "apt-get install curl"
build_demo
ensure_node_app

find_redis_server

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}
trap cleanup EXIT

"$REDIS_SERVER" --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$OUT" \
  >"$OUT/redis.log" 2>&1 &
PIDS+=($!)
PID_REDIS=$!
REDIS_URL="redis://127.0.0.1:$REDIS_PORT"


start_java() { # port name store
  # shellcheck disable=SC2086
  SESSION_SECRET="$SECRET" "$JAVA" $JAVA_OPTS -cp "$CP" io.sessions4j.examples.DemoServer \
    --port "$1" --threads "$SERVER_THREADS" --cookie-max-age 1h --store "$3" >"$OUT/server-$2.log" 2>&1 &
  PIDS+=($!)
  wait_http "$1" "$2"
}

sleep 0.5
start_java "$PORT_JAVA_REDIS" java-redis "$REDIS_URL?prefix=bench-java:"
PID_JAVA_REDIS=${PIDS[-1]}
start_java "$PORT_JAVA_MEMORY" java-memory memory
PID_JAVA_MEMORY=${PIDS[-1]}
(cd "$NODE_DIR" && PORT="$PORT_NODE" REDIS_URL="$REDIS_URL" PREFIX="bench-node:" MAX_AGE="$MAX_AGE_MS" \
  SECRETS="[\"$SECRET\"]" NODE_ENV=production WORKERS="$NODE_WORKERS" STORE=redis exec node app.js) >"$OUT/server-node.log" 2>&1 &
PIDS+=($!)
PID_NODE=$!
wait_http "$PORT_NODE" node

TICK=$(getconf CLK_TCK)
per_thread=$(( 4 * CONNECTIONS / THREADS ))
# CPU of a process and its children (node:cluster workers): utime + stime of every pid in its tree.
tree_ticks() { # a process and its children (Node workers)
  local total=0 pid
  for pid in $1 $(pgrep -P "$1" || true); do
    total=$(( total + $(awk '{ print $14 + $15 }' "/proc/$pid/stat" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
run_wrk() { # port page duration outfile [server pid]
  local before=0 rbefore
  rbefore=$(tree_ticks "$PID_REDIS")
  if [ -n "${5:-}" ]; then before=$(tree_ticks "$5"); fi
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$3" --latency -s "$LUA" "http://127.0.0.1:$1" -- "$2" "$per_thread" >"$4"
  if [ -n "${5:-}" ]; then
    awk -v t="$(( $(tree_ticks "$5") - before ))" -v r="$(( $(tree_ticks "$PID_REDIS") - rbefore ))" -v hz="$TICK" \
      '/ requests in / { n = $1 }
       END { printf "Server CPU per request: %.1f us\nRedis CPU per request: %.1f us\n", t / hz * 1e6 / n, r / hz * 1e6 / n }' \
      "$4" >>"$4"
  fi
  # Errors are reported with the numbers, not hidden: a run with errors says so on its line.
  if grep -q -E "Non-2xx|Socket errors" "$4"; then
    echo "errors during $4: $(grep -E 'Non-2xx|Socket errors' "$4" | tr -s ' ')" >&2
  fi
}
errs() { awk '/Non-2xx/ { n += $NF } /Socket errors/ { n += 1 } END { print (n ? "  ERRORS: " n : "") }' "$1"; }
cpu() { awk -v k="$2" '$1 == k && /CPU per request/ { print $5 }' "$1"; }

echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); node $(node --version); $("$REDIS_SERVER" --version | cut -d' ' -f1-3)"
echo "wrk: -t $THREADS -c $CONNECTIONS -d $DURATION after a $WARMUP warm-up; sessions4j: Jetty $SERVER_THREADS threads; express: $NODE_WORKERS Node process(es)"
echo

status=0
for kind in counter readonly; do
  if [ "$kind" = counter ]; then java_page=/; node_page=/; else java_page=/whoami; node_page=/peek; fi
  run_wrk "$PORT_NODE" "$node_page" "$WARMUP" "$OUT/warmup-node-$kind.txt"
  run_wrk "$PORT_JAVA_REDIS" "$java_page" "$WARMUP" "$OUT/warmup-java-redis-$kind.txt"
  run_wrk "$PORT_JAVA_MEMORY" "$java_page" "$WARMUP" "$OUT/warmup-java-memory-$kind.txt"
  sn=0; sr=0; sm=0
  for round in $(seq 1 "$ROUNDS"); do
    run_wrk "$PORT_NODE" "$node_page" "$DURATION" "$OUT/node-$kind-$round.txt" "$PID_NODE"
    run_wrk "$PORT_JAVA_REDIS" "$java_page" "$DURATION" "$OUT/java-redis-$kind-$round.txt" "$PID_JAVA_REDIS"
    run_wrk "$PORT_JAVA_MEMORY" "$java_page" "$DURATION" "$OUT/java-memory-$kind-$round.txt" "$PID_JAVA_MEMORY"
    for who in node java-redis java-memory; do
      f="$OUT/$who-$kind-$round.txt"
      printf '%-9s round %d  %-28s %9.0f req/s  p99 %-8s app CPU %6s us/req  Redis CPU %5s us/req%s\n' \
        "$kind" "$round" "$who" "$(rps "$f")" "$(p99 "$f")" "$(cpu "$f" Server)" "$(cpu "$f" Redis)" "$(errs "$f")"
    done
    sn=$(awk -v a="$sn" -v b="$(rps "$OUT/node-$kind-$round.txt")" 'BEGIN { print a + b }')
    sr=$(awk -v a="$sr" -v b="$(rps "$OUT/java-redis-$kind-$round.txt")" 'BEGIN { print a + b }')
    sm=$(awk -v a="$sm" -v b="$(rps "$OUT/java-memory-$kind-$round.txt")" 'BEGIN { print a + b }')
  done
  ratio=$(awk -v a="$sr" -v b="$sn" 'BEGIN { printf "%.2f", a / b }')
  mem=$(awk -v a="$sr" -v b="$sm" 'BEGIN { printf "%.2f", a / b }')
  verdict=$(awk -v r="$ratio" -v t="$TARGET" 'BEGIN { print (r >= t) ? "ok" : "BELOW TARGET" }')
  printf '%-9s sessions4j+Redis / express-session+connect-redis = %sx (target >= %s: %s); sessions4j Redis / memory = %s\n\n' \
    "$kind" "$ratio" "$TARGET" "$verdict" "$mem"
  if [ "$verdict" != ok ]; then status=3; fi
done
echo "raw wrk output: $OUT"
exit $status
