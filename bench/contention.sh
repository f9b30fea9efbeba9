#!/usr/bin/env bash
# Hot sessions: 50 clients at once on one session, over one and two application instances, on every store,
# through the real filter on embedded Jetty (sessions4j-interop's HotSessionsOverHttpTest at full size):
#
#   MERGE  1,001 requests, each setting a key of its own  -> 5xx count, own keys present
#   LOCK   1,000 increments of one counter                -> 5xx count, increments counted
#
#   bench/contention.sh            # memory, Redis, PostgreSQL, MariaDB (the machine's services)
#   STORES=OnRedis bench/contention.sh
#
# Settings (environment): STORES (the nested test classes, default all: OnMemory OnRedis OnPostgres
# OnMariaDb), SESSIONS4J_REDIS_URI, SESSIONS4J_PG_URL, SESSIONS4J_MARIADB_URL (default: the machine's
# services on 127.0.0.1; unset them to let the tests start their own servers).
# Prints one line per run and a table; exit status 0 when every run had 0 x 5xx and lost nothing.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/target/bench-contention"
mkdir -p "$OUT"

export SESSIONS4J_REDIS_URI=${SESSIONS4J_REDIS_URI-redis://127.0.0.1:6379}
export SESSIONS4J_PG_URL=${SESSIONS4J_PG_URL-jdbc:postgresql://127.0.0.1:5432/test?user=postgres}
export SESSIONS4J_MARIADB_URL=${SESSIONS4J_MARIADB_URL-jdbc:mariadb://127.0.0.1:3306/test?user=root}
STORES=${STORES:-"OnMemory OnRedis OnPostgres OnMariaDb"}

tests=""
for s in $STORES; do tests="${tests:+$tests,}HotSessionsOverHttpTest\$$s"; done

echo "commit $(git -C "$ROOT" rev-parse --short HEAD)$(git -C "$ROOT" diff --quiet || echo ' (with local changes)')" \
  | tee "$OUT/summary.txt"
rm -f "$ROOT"/sessions4j-interop/target/surefire-reports/*HotSessionsOverHttpTest*
status=0
(cd "$ROOT" && ./mvnw -q -pl sessions4j-interop -am verify -Dtest="$tests" -Dsurefire.failIfNoSpecifiedTests=false \
  -Dsessions4j.hotSession.full=true) > "$OUT/maven.log" 2>&1 || status=$?

# Nested test classes report into the top-level class's XML; each run printed one line.
grep -oh "hot-session: [^&<]*" "$ROOT"/sessions4j-interop/target/surefire-reports/TEST-*HotSessionsOverHttpTest*.xml \
  2>/dev/null | sed 's/^hot-session: //' | sort -u | tee -a "$OUT/summary.txt" || true
if [ "$status" -ne 0 ]; then
  echo "some runs failed their targets (or the build failed); see $OUT/maven.log" >&2
fi
exit "$status"
