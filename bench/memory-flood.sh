#!/usr/bin/env bash
# A flood of anonymous visitors on the demo's memory store: every request to "/" comes without a cookie, so
# each one creates and saves a new session. With the store bounded by default (a quarter of the heap), the
# heap stays bounded and throughput steady; without a bound it fills the heap. Results: bench/RESULTS-memory.md.
#
#   bench/memory-flood.sh                               # 4 runs of 15 s on a 256 MB heap, default bound
#   STORE=memory:maximumWeight=1024GB bench/memory-flood.sh   # as good as unbounded, for comparison
#
# Settings (environment): STORE (memory), ROUNDS (4), INTERVAL (15s), THREADS (2), CONNECTIONS (32),
# SERVER_THREADS (16), PORT (3131), JAVA (java), JAVA_OPTS (-Xms256m -Xmx256m), SKIP_BUILD. Loopback only;
# every run is bounded by INTERVAL.
set -euo pipefail

STORE=${STORE:-memory}
ROUNDS=${ROUNDS:-4}
INTERVAL=${INTERVAL:-15s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_THREADS=${SERVER_THREADS:-16}
PORT=${PORT:-3131}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-"-Xms256m -Xmx256m"}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/target/memory-flood"
cd "$ROOT"
mkdir -p "$OUT"

. "$ROOT/bench/lib.sh"
ensure_wrk
need jcmd "a JDK's jcmd (the demo's heap is read with it)"
build_demo

PID_JAVA=
cleanup() { [ -z "$PID_JAVA" ] || { kill "$PID_JAVA" 2>/dev/null || true; wait "$PID_JAVA" 2>/dev/null || true; }; }
trap cleanup EXIT

# shellcheck disable=SC2086
SESSION_SECRET="memory flood secret, at least thirty-two bytes" "$JAVA" $JAVA_OPTS -cp "$CP" \
  io.sessions4j.examples.DemoServer --port "$PORT" --threads "$SERVER_THREADS" --cookie-max-age 1h \
  --store "$STORE" >"$OUT/server.log" 2>&1 &
PID_JAVA=$!
wait_http "$PORT" memory-flood

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$JAVA" -version 2>&1 | head -1)"
echo "demo: $JAVA_OPTS, store $STORE; wrk -t $THREADS -c $CONNECTIONS, no cookies on / (a new session per request)"
printf '| run | seconds | req/s | p99 | errors | new sessions so far | heap after GC (MB) |\n|---|---|---|---|---|---|---|\n' \
  >"$OUT/table.md"
printf '| 0 | 0 | | | | 0 | %s |\n' "$(heap_after_gc_mb "$PID_JAVA")" >>"$OUT/table.md"
sessions=0
for i in $(seq 1 "$ROUNDS"); do
  f="$OUT/run-$i.txt"
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$INTERVAL" --latency "http://127.0.0.1:$PORT/" >"$f" || true
  sessions=$(( sessions + $(awk '/ requests in / { print $1 }' "$f") ))
  if kill -0 "$PID_JAVA" 2>/dev/null; then heap=$(heap_after_gc_mb "$PID_JAVA"); else heap="(server died)"; fi
  printf '| %d | %s | %.0f | %s | %d | %d | %s |\n' "$i" "$INTERVAL" "$(rps "$f")" "$(p99 "$f")" "$(errors "$f")" \
    "$sessions" "$heap" >>"$OUT/table.md"
  tail -1 "$OUT/table.md"
done
full=$(grep -c "MemoryStore is full" "$OUT/server.log" || true)
oom=$(grep -c "OutOfMemoryError" "$OUT/server.log" || true)

{
  echo "# An anonymous flood on the memory store"
  echo
  echo "\`STORE=$STORE bench/memory-flood.sh\`, $(date -u '+%Y-%m-%d %H:%M') UTC, commit $(git rev-parse --short HEAD 2>/dev/null || echo '?')."
  echo "Machine: $(nproc) cores (shared: load $(cut -d' ' -f1-3 /proc/loadavg) at the end); $("$JAVA" -version 2>&1 | head -1)."
  echo "Demo: $JAVA_OPTS, $SERVER_THREADS server threads, store \`$STORE\`; wrk -t $THREADS -c $CONNECTIONS on \`/\`"
  echo "without cookies: every request creates and saves a new session (the view counter)."
  echo
  cat "$OUT/table.md"
  echo
  echo "Server log: \"MemoryStore is full\" logged $full time(s); OutOfMemoryError $oom time(s)."
} >"$ROOT/bench/RESULTS-memory.md"
cat "$ROOT/bench/RESULTS-memory.md"
