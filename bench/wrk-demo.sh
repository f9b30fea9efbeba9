#!/usr/bin/env bash
# Load test of the demo server: the same pages with the session filter and without it (--no-session),
# same wrk settings, one after the other, and the throughput ratio. See bench/RESULTS.md.
#
#   bench/wrk-demo.sh                      # 30 s per run, 2 wrk threads, 32 connections
#   DURATION=20s ROUNDS=2 bench/wrk-demo.sh
#
# Settings (environment): DURATION (30s), WARMUP (10s), THREADS (2), CONNECTIONS (32),
# SERVER_THREADS (16, a fixed Jetty pool), PAGES ("/ /whoami"), ROUNDS (1: each round measures every
# page once per server, alternating, so slow drift hits both sides), PORT_SESSION (3101),
# PORT_BASELINE (3102), JAVA (java), JAVA_OPTS (-Xms1g -Xmx1g), SKIP_BUILD (unset).
# Only loopback addresses are used; every run is bounded by DURATION.
# Exit status: 0 when every page reaches session >= 0.85 x no-session, 3 when one does not, 1 on an error
# (a server that does not start, sessions not seeded, or any non-2xx/3xx response or socket error: those
# runs are still measured and printed, with a warning).
set -euo pipefail

DURATION=${DURATION:-30s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_THREADS=${SERVER_THREADS:-16}
PAGES=${PAGES:-"/ /whoami"}
ROUNDS=${ROUNDS:-1}
PORT_SESSION=${PORT_SESSION:-3101}
PORT_BASELINE=${PORT_BASELINE:-3102}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g"}
TARGET_RATIO=0.85

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/target"
LUA="$ROOT/bench/session-cookie.lua"
cd "$ROOT"
mkdir -p "$OUT"

. "$ROOT/bench/lib.sh"
ensure_wrk
build_demo

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do
    kill "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT

start_server() { # port name [flags...]
  local port=$1 name=$2
  shift 2
  # A fixed secret: the demo would otherwise warn about a random one. Cookies last the whole run.
  # shellcheck disable=SC2086
  SESSION_SECRET="wrk benchmark secret, at least thirty-two bytes" \
    "$JAVA" $JAVA_OPTS -cp "$CP" io.sessions4j.examples.DemoServer \
    --port "$port" --threads "$SERVER_THREADS" --cookie-max-age 1h "$@" >"$OUT/server-$name.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 100); do
    if curl -fs -o /dev/null "http://127.0.0.1:$port/"; then
      return 0
    fi
    sleep 0.2
  done
  echo "the $name server did not start; see $OUT/server-$name.log" >&2
  exit 1
}

start_server "$PORT_SESSION" session
PID_SESSION=${PIDS[-1]}
start_server "$PORT_BASELINE" baseline --no-session
PID_BASELINE=${PIDS[-1]}
TICK=$(getconf CLK_TCK)

# Four sessions per connection, used in turn: a request almost never finds its session still busy with
# another in-flight request (one browser does not send 16 concurrent writes to one session).
per_thread=$(( 4 * CONNECTIONS / THREADS ))
run_wrk() { # port page duration outfile [server pid]
  local before=0
  if [ -n "${5:-}" ]; then before=$(cpu_ticks "$5"); fi
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$3" --latency -s "$LUA" "http://127.0.0.1:$1" -- "$2" "$per_thread" >"$4"
  if [ -n "${5:-}" ]; then
    # Server CPU (user + system, all its threads) per request: what the session costs, whatever wrk takes.
    awk -v t="$(( $(cpu_ticks "$5") - before ))" -v hz="$TICK" '/ requests in / { n = $1 }
      END { printf "Server CPU per request: %.1f us\n", t / hz * 1e6 / n }' "$4" >>"$4"
  fi
  if grep -q -E "Non-2xx|Socket errors" "$4"; then
    # Measured all the same, but the run fails at the end: a session library must not drop requests.
    echo "WARNING: errors during $(basename "$4" .txt): $(grep -E "Non-2xx|Socket errors" "$4" | xargs)" >&2
    ERRORS=1
  fi
}
cpu_us() { awk '/^Server CPU per request:/ { print $5 }' "$1"; }
sessions_used() { awk '/^Sessions used:/ { print $3 }' "$1"; }
slug() { if [ "$1" = "/" ]; then echo root; else echo "${1#/}" | tr '/' '_'; fi; }

echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "wrk: -t $THREADS -c $CONNECTIONS -d $DURATION (after a $WARMUP warm-up per server and page); server: $SERVER_THREADS threads"
echo

status=0
ERRORS=0
for page in $PAGES; do
  s=$(slug "$page")
  run_wrk "$PORT_SESSION" "$page" "$WARMUP" "$OUT/warmup-session-$s.txt"
  run_wrk "$PORT_BASELINE" "$page" "$WARMUP" "$OUT/warmup-baseline-$s.txt"
  sum_session=0
  sum_baseline=0
  for round in $(seq 1 "$ROUNDS"); do
    run_wrk "$PORT_BASELINE" "$page" "$DURATION" "$OUT/baseline-$s-$round.txt" "$PID_BASELINE"
    run_wrk "$PORT_SESSION" "$page" "$DURATION" "$OUT/session-$s-$round.txt" "$PID_SESSION"
    b=$(rps "$OUT/baseline-$s-$round.txt")
    v=$(rps "$OUT/session-$s-$round.txt")
    used=$(sessions_used "$OUT/session-$s-$round.txt")
    if [ "${used:-0}" -lt "$CONNECTIONS" ]; then
      echo "only ${used:-0} sessions were seeded for $page; is the session filter on?" >&2
      exit 1
    fi
    printf '%-8s round %d: no-session %8.0f req/s (p99 %s, %s us CPU/req)   session %8.0f req/s (p99 %s, %s us CPU/req, %s sessions)\n' \
      "$page" "$round" "$b" "$(p99 "$OUT/baseline-$s-$round.txt")" "$(cpu_us "$OUT/baseline-$s-$round.txt")" \
      "$v" "$(p99 "$OUT/session-$s-$round.txt")" "$(cpu_us "$OUT/session-$s-$round.txt")" "$used"
    sum_session=$(awk -v a="$sum_session" -v b="$v" 'BEGIN { print a + b }')
    sum_baseline=$(awk -v a="$sum_baseline" -v b="$b" 'BEGIN { print a + b }')
  done
  ratio=$(awk -v s="$sum_session" -v b="$sum_baseline" 'BEGIN { printf "%.3f", s / b }')
  verdict=$(awk -v r="$ratio" -v t="$TARGET_RATIO" 'BEGIN { print (r >= t) ? "ok" : "BELOW TARGET" }')
  printf '%-8s session / no-session = %s  (target >= %s: %s)\n\n' "$page" "$ratio" "$TARGET_RATIO" "$verdict"
  if [ "$verdict" != ok ]; then
    status=3
  fi
done
echo "raw wrk output: $OUT"
if [ "$ERRORS" != 0 ]; then
  echo "some requests failed (see the warnings above and $OUT/server-*.log)" >&2
  exit 1
fi
exit $status
