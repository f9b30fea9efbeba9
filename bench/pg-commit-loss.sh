#!/usr/bin/env bash
# What JdbcStore's opt-in asynchronousCommit costs on a PostgreSQL crash, measured (sessions4j-jdbc README,
# "Asynchronous commit"): CLIENTS threads write their own session through the real JdbcStore for SECONDS, then
# PostgreSQL is shut down immediately (pg_ctl -m immediate: no final WAL flush, as a power cut) and restarted,
# and every session is read back (io.sessions4j.peers.CommitLossProbe). Run ROUNDS times without and with the
# option (every second round with first); prints one line per run (writes/s before the crash, acknowledged writes lost, and that
# loss as milliseconds of writes) and writes nothing else.
#
#   bench/pg-commit-loss.sh
#   ROUNDS=3 SECONDS_BEFORE_CRASH=5 CLIENTS=8 bench/pg-commit-loss.sh
#
# The PostgreSQL server is the script's own (PG_PORT, default 5581; data in bench/target/commit-loss; as nobody
# when run as root) with the defaults initdb gives (fsync on, wal_writer_delay 200ms); never the machine's.
set -euo pipefail

ROUNDS=${ROUNDS:-2}
SECONDS_BEFORE_CRASH=${SECONDS_BEFORE_CRASH:-5}
CLIENTS=${CLIENTS:-8}
PG_PORT=${PG_PORT:-5581}
JAVA=${JAVA:-java}

ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/target/commit-loss"
cd "$ROOT"
if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building sessions4j-peers (./mvnw -q -pl sessions4j-peers -am package -DskipTests -DskipFuzz)" >&2
  ./mvnw -q -pl sessions4j-peers -am package -DskipTests -DskipFuzz
fi
CP="$ROOT/sessions4j-peers/target/classes:$ROOT/sessions4j-peers/target/lib/*"

PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
[ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || { echo "no PostgreSQL binaries: apt-get install postgresql" >&2; exit 1; }
AS=()
if [ "$(id -u)" = 0 ]; then AS=(setpriv --reuid=65534 --regid=65534 --clear-groups --); fi
rm -rf "$OUT"
mkdir -p "$OUT/pgdata" && chmod 755 "$OUT" && chmod 700 "$OUT/pgdata"
touch "$OUT/postgres.log"
if [ "$(id -u)" = 0 ]; then chown nobody:nogroup "$OUT/pgdata" "$OUT/postgres.log"; fi
pg() { (cd "$OUT" && "${AS[@]}" "$PG_BIN/pg_ctl" -D "$OUT/pgdata" -l "$OUT/postgres.log" "$@"); }
cleanup() { pg stop -m fast -w >/dev/null 2>&1 || true; }
trap cleanup EXIT
(cd "$OUT" && "${AS[@]}" "$PG_BIN/initdb" -A trust -U postgres -D "$OUT/pgdata" -E UTF-8 --no-locale >>"$OUT/postgres.log" 2>&1)
START_OPTS="-p $PG_PORT -h 127.0.0.1 -k $OUT/pgdata"
pg -o "$START_OPTS" -w start >/dev/null

# The crash: SIGQUIT to every server process at once, no shutdown checkpoint and no final WAL flush; then the
# restart replays the WAL that reached the disk.
CRASH="cd '$OUT' && ${AS[*]} '$PG_BIN/pg_ctl' -D '$OUT/pgdata' stop -m immediate -w >/dev/null \
  && ${AS[*]} '$PG_BIN/pg_ctl' -D '$OUT/pgdata' -l '$OUT/postgres.log' -o '$START_OPTS' -w start >/dev/null"
URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"

echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg); $("$PG_BIN/postgres" --version); fsync on, wal_writer_delay 200ms"
for round in $(seq 1 "$ROUNDS"); do
  order="false true"
  if [ $(( round % 2 )) = 0 ]; then order="true false"; fi # A B B A: the machine's drift hits both alike
  for async in $order; do
    echo "round $round $("$JAVA" -cp "$CP" io.sessions4j.peers.CommitLossProbe "$URL" "$async" "$CLIENTS" \
      "$SECONDS_BEFORE_CRASH" "$CRASH" 2>>"$OUT/probe.log") load $(cut -d' ' -f1 /proc/loadavg)"
  done
done
