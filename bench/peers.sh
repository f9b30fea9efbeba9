#!/usr/bin/env bash
# The peer comparison of issue 9: one servlet (HttpSession: "/" increments a counter, "/read" only reads it,
# "/hot" increments one shared session's counter) behind each session library, in one sitting, one server at a
# time, same Jetty 12 (ee10) connector and thread pool, same wrk settings:
#
#   jetty-none    no session at all (the servlet answers a constant)
#   jetty-native  Jetty's own in-memory SessionHandler, defaults
#   spring-redis  Spring Session Data Redis 4.0.4, @EnableRedisHttpSession (RedisSessionRepository), Lettuce
#   spring-jdbc   Spring Session JDBC 4.0.4, @EnableJdbcHttpSession (JdbcIndexedSessionRepository), HikariCP
#   s4j-memory    sessions4j SessionFilter + MemoryStore, defaults
#   s4j-redis     sessions4j SessionFilter + RedisStore, defaults
#   s4j-pg        sessions4j SessionFilter + JdbcStore (PostgreSQL), HikariCP, defaults
#   s4j-pg-async  s4j-pg with the store's opt-in asynchronousCommit (not in the default list: not a default)
#   s4j-redis-near s4j-redis with the store's opt-in near cache (nearCache 10000) and touchAfter 1 minute
#                 (not in the default list: not a default)
#
#   bench/peers.sh                                   # everything, ~10 minutes
#   DURATION=5s WARMUP=2s bench/peers.sh             # a quick check
#   VARIANTS="s4j-redis spring-redis" bench/peers.sh
#   ROUNDS=2 DURATION=15s WARMUP=8s bench/peers.sh  # A B ... B A: less sensitive to the machine's drift
#
# Per variant: a warm-up of every page, then per page wrk -t THREADS -c CONNECTIONS --latency with bench/session-cookie.lua
# rotating SESSIONS pre-created sessions; it reports req/s, p50/p99, the server's CPU per request (utime+stime
# from /proc/<pid>/stat), store calls per request (Redis: top-level commands from INFO stats and all commands
# including those inside scripts from INFO commandstats; PostgreSQL: statements from pg_stat_statements,
# BEGIN/COMMIT included), the store server's CPU per request, and the 1-minute load average before and after.
# Then HOT_CLIENTS clients send HOT_INCREMENTS increments each to one shared session (HotClient): lost updates.
# Writes $RESULTS (bench/RESULTS-peers.md) and the raw output under bench/target/peers.
#
# Settings (environment): DURATION (20s), WARMUP (10s), THREADS (2), CONNECTIONS (50), SESSIONS (128),
# SERVER_THREADS (16, a fixed Jetty pool for every variant), VARIANTS (all seven, in the order above),
# ROUNDS (1; each further round runs the variants again, every second round in reverse order, so that a
# steady drift of the machine's other load hits both sides of a pair alike; ratios are of the means), HOT_CLIENTS (16), HOT_INCREMENTS (250), PORT (3301), REDIS_PORT (6391), PG_PORT (5491),
# JAVA (java), JAVA_OPTS (-Xms1g -Xmx1g), RESULTS (bench/RESULTS-peers.md), SKIP_BUILD (unset).
# The Redis and PostgreSQL servers are the script's own (own ports, own data directory in bench/target/peers,
# PostgreSQL as nobody when run as root), stopped at the end; the machine's services are never used.
# Only loopback addresses are used; every run is bounded by DURATION.
set -euo pipefail

DURATION=${DURATION:-20s}
WARMUP=${WARMUP:-10s}
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-50}
SESSIONS=${SESSIONS:-128}
SERVER_THREADS=${SERVER_THREADS:-16}
VARIANTS=${VARIANTS:-"jetty-none jetty-native s4j-memory spring-redis s4j-redis spring-jdbc s4j-pg"}
ROUNDS=${ROUNDS:-1}
HOT_CLIENTS=${HOT_CLIENTS:-16}
HOT_INCREMENTS=${HOT_INCREMENTS:-250}
PORT=${PORT:-3301}
REDIS_PORT=${REDIS_PORT:-6391}
PG_PORT=${PG_PORT:-5491}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-"-Xms1g -Xmx1g"}
PAGES="/ /read"

ROOT=$(cd "$(dirname "$0")/.." && pwd)
RESULTS=${RESULTS:-"$ROOT/bench/RESULTS-peers.md"}
OUT="$ROOT/bench/target/peers"
LUA="$ROOT/bench/session-cookie.lua"
cd "$ROOT"
rm -rf "$OUT"
mkdir -p "$OUT"
chmod 755 "$OUT"

. "$ROOT/bench/lib.sh"
ensure_wrk
need curl "apt-get install curl"
need redis-server "apt-get install redis-server"
need redis-cli "apt-get install redis-tools"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building sessions4j-peers (./mvnw -q -pl sessions4j-peers -am package -DskipTests -DskipFuzz)" >&2
  ./mvnw -q -pl sessions4j-peers -am package -DskipTests -DskipFuzz
fi
CP=${PEERS_CP:-"$ROOT/sessions4j-peers/target/classes:$ROOT/sessions4j-peers/target/lib/*"}

PIDS=()
PG_BIN=
AS=()
cleanup() {
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  if [ -n "$PG_BIN" ] && [ -f "$OUT/pgdata/postmaster.pid" ]; then
    (cd "$OUT" && "${AS[@]}" "$PG_BIN/pg_ctl" -D "$OUT/pgdata" stop -m fast -w >/dev/null 2>&1) || true
  fi
}
trap cleanup EXIT

needs() { # variant -> redis | jdbc | nothing
  case "$1" in *redis|*redis-near) echo redis ;; spring-jdbc|s4j-pg|s4j-pg-async) echo jdbc ;; *) echo nothing ;; esac
}
want_redis=0; want_pg=0
for v in $VARIANTS; do
  case "$(needs "$v")" in redis) want_redis=1 ;; jdbc) want_pg=1 ;; esac
done

# ---- Redis of our own: no persistence, so no fork or disk write disturbs a run ----
rcli() { redis-cli -h 127.0.0.1 -p "$REDIS_PORT" "$@"; }
if [ "$want_redis" = 1 ]; then
  redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --save "" --appendonly no --dir "$OUT" \
    >"$OUT/redis.log" 2>&1 &
  PIDS+=($!)
  for _ in $(seq 1 50); do rcli ping >/dev/null 2>&1 && break; sleep 0.1; done
  rcli ping >/dev/null || { echo "our redis-server did not start; see $OUT/redis.log" >&2; exit 1; }
fi

# ---- PostgreSQL of our own, with pg_stat_statements to count statements ----
psql_own() { "$PG_BIN/psql" -h 127.0.0.1 -p "$PG_PORT" -U postgres -At -q "$@" postgres; }
if [ "$want_pg" = 1 ]; then
  PG_BIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
  [ -n "$PG_BIN" ] && [ -x "$PG_BIN/initdb" ] || { echo "no PostgreSQL binaries: apt-get install postgresql" >&2; exit 1; }
  if [ "$(id -u)" = 0 ]; then AS=(setpriv --reuid=65534 --regid=65534 --clear-groups --); fi
  mkdir -p "$OUT/pgdata" && chmod 700 "$OUT/pgdata"
  touch "$OUT/postgres.log"
  if [ "$(id -u)" = 0 ]; then chown nobody:nogroup "$OUT/pgdata" "$OUT/postgres.log"; fi
  (cd "$OUT" && "${AS[@]}" "$PG_BIN/initdb" -A trust -U postgres -D "$OUT/pgdata" -E UTF-8 --no-locale >>"$OUT/postgres.log" 2>&1)
  (cd "$OUT" && "${AS[@]}" "$PG_BIN/pg_ctl" -D "$OUT/pgdata" -l "$OUT/postgres.log" -w \
    -o "-p $PG_PORT -h 127.0.0.1 -k $OUT/pgdata -c max_connections=100 -c shared_preload_libraries=pg_stat_statements" \
    start >/dev/null)
  PID_PG=$(head -1 "$OUT/pgdata/postmaster.pid")
  psql_own -c "CREATE EXTENSION pg_stat_statements"
fi
JDBC_URL="jdbc:postgresql://127.0.0.1:$PG_PORT/postgres?user=postgres"
REDIS_URI="redis://127.0.0.1:$REDIS_PORT"

TICK=$(getconf CLK_TCK)
per_thread=$(( SESSIONS / THREADS ))
load1() { cut -d' ' -f1 /proc/loadavg; }
pg_ticks() { # the whole PostgreSQL server: postmaster, live children, and (cutime+cstime) of ended ones
  local total pid
  total=$(awk '{ print $14 + $15 + $16 + $17 }' "/proc/$PID_PG/stat")
  for pid in $(pgrep -P "$PID_PG" || true); do
    total=$(( total + $(cpu_ticks "$pid" 2>/dev/null || echo 0) ))
  done
  echo "$total"
}
# Redis: one INFO call -> "<command> <calls>" lines and "cpu <seconds>" (the server's user+sys CPU).
redis_snapshot() {
  rcli info everything | tr -d '\r' | awk -F'[:,=]' '
    /^cmdstat_/ && $1 != "cmdstat_info" { sub(/^cmdstat_/, "", $1); print $1, $3 }
    /^used_cpu_(sys|user):/ { cpu += $2 }
    END { printf "cpu %.6f\n", cpu }'
}
# "<total commands> <store CPU seconds> <mix>" between two snapshots, the mix as "evalsha 2.00 get 2.00 ..." per request.
redis_delta() { # before after requests
  awk -v n="$3" 'FNR == NR { b[$1] = $2; next } { d[$1] = $2 - b[$1] }
    END { for (k in d) if (k != "cpu" && d[k] > 0) { total += d[k]; if (d[k] / n >= 0.005) mix = mix sprintf("%s %.2f, ", k, d[k] / n) }
          sub(/, $/, "", mix); printf "%d %.6f %s\n", total, d["cpu"], (mix == "" ? "-" : mix) }' "$1" "$2"
}
# Statements the applications ran since the last reset (not ours: those touch pg_stat_*), as
# "<total> <mix>", the mix by first keyword per request: "SELECT 1.00, UPDATE 1.00, ...".
pg_delta() { # requests
  psql_own -F ' ' -c "SELECT upper(split_part(ltrim(query), ' ', 1)), sum(calls) FROM pg_stat_statements
                      WHERE query NOT ILIKE '%pg_stat%' GROUP BY 1 ORDER BY 2 DESC" \
    | awk -v n="$1" '{ total += $2; mix = mix sprintf("%s %.2f, ", $1, $2 / n) }
        END { sub(/, $/, "", mix); printf "%d %s\n", total, (mix == "" ? "-" : mix) }'
}
p50() { awk '$1 == "50%" { print $2 }' "$1"; }
requests() { awk '/ requests in / { print $1 }' "$1"; }

start_server() { # variant
  local extra=()
  case "$(needs "$1")" in
    redis) extra=(--redis "$REDIS_URI") ;;
    jdbc) extra=(--jdbc "$JDBC_URL") ;;
  esac
  # shellcheck disable=SC2086
  "$JAVA" $JAVA_OPTS -cp "$CP" io.sessions4j.peers.PeerServer --variant "$1" --port "$PORT" \
    --threads "$SERVER_THREADS" "${extra[@]}" >"$OUT/server-$1.log" 2>&1 &
  SERVER_PID=$!
  PIDS+=("$SERVER_PID")
  for _ in $(seq 1 150); do
    if curl -s -o /dev/null "http://127.0.0.1:$PORT/read"; then return 0; fi
    kill -0 "$SERVER_PID" 2>/dev/null || break
    sleep 0.2
  done
  echo "the $1 server did not start; see $OUT/server-$1.log" >&2
  exit 1
}
stop_server() {
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
}

measure() { # variant page slug
  local v=$1 page=$2 s=$3-r$ROUND f="$OUT/$1-$3-r$ROUND.txt" store before_cpu after_cpu l_before l_after
  store=$(needs "$v")
  local pg_before=0 pg_after=0 delta="0 0 -" n
  if [ "$store" = redis ]; then redis_snapshot >"$OUT/$v-$s-redis-before.txt"; fi
  if [ "$store" = jdbc ]; then psql_own -c "SELECT pg_stat_statements_reset()" >/dev/null; pg_before=$(pg_ticks); fi
  l_before=$(load1)
  before_cpu=$(cpu_ticks "$SERVER_PID")
  wrk -t "$THREADS" -c "$CONNECTIONS" -d "$DURATION" --latency -s "$LUA" "http://127.0.0.1:$PORT" -- "$page" "$per_thread" >"$f"
  after_cpu=$(cpu_ticks "$SERVER_PID")
  l_after=$(load1)
  n=$(requests "$f")
  if [ "$store" = redis ]; then
    redis_snapshot >"$OUT/$v-$s-redis-after.txt"
    delta=$(redis_delta "$OUT/$v-$s-redis-before.txt" "$OUT/$v-$s-redis-after.txt" "$n")
  fi
  if [ "$store" = jdbc ]; then
    pg_after=$(pg_ticks)
    delta="$(pg_delta "$n")"
    delta="${delta%% *} $(awk -v t=$(( pg_after - pg_before )) -v hz="$TICK" 'BEGIN { printf "%.6f", t / hz }') ${delta#* }"
    psql_own -c "SELECT calls, left(regexp_replace(query, '\s+', ' ', 'g'), 200) FROM pg_stat_statements
                 WHERE query NOT ILIKE '%pg_stat%' ORDER BY calls DESC" >"$OUT/$v-$s-statements.txt"
  fi
  # One row: variant page req/s p50 p99 cpu_us store_cmds_per_req store_cpu_us errors load_before load_after sessions mix
  awk -v v="$v" -v page="$page" -v rps="$(rps "$f")" -v p50="$(p50 "$f")" -v p99="$(p99 "$f")" -v n="$n" \
      -v t=$(( after_cpu - before_cpu )) -v hz="$TICK" -v store="$store" -v delta="$delta" \
      -v err="$(errors "$f")" -v lb="$l_before" -v la="$l_after" -v round="$ROUND" \
      -v used="$(awk '/^Sessions used:/ { print $3 }' "$f")" 'BEGIN {
        cmds = delta; sub(/ .*/, "", cmds); rest = delta; sub(/^[^ ]* /, "", rest)
        scpu = rest; sub(/ .*/, "", scpu); mix = rest; sub(/^[^ ]* /, "", mix)
        cpu = t / hz * 1e6 / n
        if (store == "nothing") { calls = "-"; scpu = "-"; mix = "-" }
        else { calls = sprintf("%.2f", cmds / n); scpu = sprintf("%.1f", scpu * 1e6 / n) }
        printf "%s\t%s\t%.0f\t%s\t%s\t%.1f\t%s\t%s\t%d\t%s\t%s\t%s\t%s\t%s\n", v, page, rps, p50, p99, cpu, calls, scpu, err, lb, la, used, mix, round
      }' >>"$OUT/results.tsv"
  tail -1 "$OUT/results.tsv" | awk -F'\t' '{ printf "%-13s %-6s %8s req/s  p50 %-8s p99 %-8s CPU %6s us/req  store %s cmds/req (%s) CPU %s us/req  errors %s  load %s->%s  sessions %s\n", $1, $2, $3, $4, $5, $6, $7, $13, $8, $9, $10, $11, $12 }'
}

hot() { # variant
  local line
  if [ "$1" = jetty-none ]; then
    printf '%s\t-\t-\t-\t-\t-\t%s\n' "$1" "$ROUND" >>"$OUT/hot.tsv"; return
  fi
  line=$("$JAVA" -cp "$CP" io.sessions4j.peers.HotClient "http://127.0.0.1:$PORT" "$HOT_CLIENTS" "$HOT_INCREMENTS" | tee "$OUT/$1-hot-r$ROUND.txt")
  echo "$1 $line"
  echo "$line" | awk -v v="$1" -v round="$ROUND" '{ for (i = 2; i <= NF; i++) { e = index($i, "="); m[substr($i, 1, e - 1)] = substr($i, e + 1) }
    f = m["failed"]; if (m["failures"] != "") f = f " " m["failures"]
    printf "%s\t%s x %s\t%s\t%s\t%s\t%s\t%s\n", v, m["clients"], m["increments"], m["expected"], m["final"], m["lost"], f, round }' >>"$OUT/hot.tsv"
}

JAVA_VERSION=$("$JAVA" -version 2>&1 | head -1)
echo "machine: $(nproc) cores; $JAVA_VERSION; $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2); load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "wrk: -t $THREADS -c $CONNECTIONS -d $DURATION --latency after a $WARMUP warm-up; $SESSIONS sessions; Jetty $SERVER_THREADS threads"
STARTED=$(date -u '+%Y-%m-%d %H:%M')
: >"$OUT/results.tsv"
: >"$OUT/hot.tsv"
for ROUND in $(seq 1 "$ROUNDS"); do
  order=$VARIANTS
  if [ $(( ROUND % 2 )) = 0 ]; then order=$(echo "$VARIANTS" | tr ' ' '\n' | grep . | tac | xargs); fi
  for v in $order; do
    if [ "$(needs "$v")" = redis ]; then rcli flushall >/dev/null; fi
    start_server "$v"
    # Every page is warmed up before the first is measured: the JIT compiles the whole request path (and the
    # store's read path) first, so the page measured first is not the one measured colder.
    for page in $PAGES; do
      if [ "$page" = / ]; then s=root; else s=read; fi
      wrk -t "$THREADS" -c "$CONNECTIONS" -d "$WARMUP" -s "$LUA" "http://127.0.0.1:$PORT" -- "$page" "$per_thread" \
        >"$OUT/$v-$s-r$ROUND-warmup.txt"
    done
    for page in $PAGES; do
      if [ "$page" = / ]; then s=root; else s=read; fi
      measure "$v" "$page" "$s"
    done
    hot "$v"
    stop_server
  done
done
ENDED=$(date -u '+%H:%M')

# ---- bench/RESULTS-peers.md ----
field() { # variant page column -> its mean over the rounds
  awk -F'\t' -v v="$1" -v p="$2" -v c="$3" '$1 == v && $2 == p { sum += $c; n++ } END { if (n) printf "%.1f\n", sum / n }' "$OUT/results.tsv"
}
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a == "" || b == "" || b == 0) print "-"; else printf "%.2f×", a / b }'; }
commit=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
if [ -n "$(git -C "$ROOT" status --porcelain -- sessions4j-core sessions4j-servlet sessions4j-redis sessions4j-jdbc sessions4j-peers 2>/dev/null)" ]; then
  commit="$commit (with uncommitted changes)"
fi
settings=""
for name in DURATION WARMUP ROUNDS THREADS CONNECTIONS SESSIONS SERVER_THREADS VARIANTS HOT_CLIENTS HOT_INCREMENTS; do
  settings+="$name=\"${!name}\" "
done
{
  echo "# Peer comparison (issue 9)"
  echo
  echo "Measured $STARTED–$ENDED UTC on commit \`$commit\`, by \`bench/peers.sh\` in one sitting, one server at a time."
  echo
  echo '```sh'
  echo "${settings}bench/peers.sh"
  echo '```'
  echo
  echo "**Machine.** $(nproc) cores, $(awk '/MemTotal/ { printf "%.0f GiB", $2 / 1048576 }' /proc/meminfo); $JAVA_VERSION, \`$JAVA_OPTS\`;"
  echo "Jetty 12.1.14 (ee10), a fixed pool of $SERVER_THREADS threads for every variant; $(redis-server --version | cut -d' ' -f1-3);"
  echo "$( [ -n "$PG_BIN" ] && "$PG_BIN/postgres" --version || echo "PostgreSQL not used" ); wrk -t $THREADS -c $CONNECTIONS -d $DURATION --latency after a $WARMUP warm-up of each page (all pages warmed up before the first is measured),"
  echo "\`bench/session-cookie.lua\` rotating $SESSIONS sessions created at the start of each run."
  echo "**The machine is shared**: other builds and tests ran during these runs; the 1-minute load average before → after"
  echo "each run is in the tables. Absolute numbers drift by ±20 % between sittings; the ratios of one sitting are what count."
  echo
  echo "Columns: server CPU is utime+stime of the server JVM per request (\`/proc/<pid>/stat\`). Store commands per request:"
  echo "for Redis every command the server executed (\`INFO commandstats\`), **commands run inside a Lua script"
  echo "included** — Redis 7 counts those like a client's, so \`evalsha 2.00, get 2.00, …\` is two round trips carrying"
  echo "four commands; for PostgreSQL the statements executed (\`pg_stat_statements\`, BEGIN/COMMIT included), by first"
  echo "keyword (pgjdbc's transaction control shows up under BEGIN only: no COMMIT entry appears). Store CPU is the Redis or PostgreSQL server's own CPU per request. Load 1m is the machine's 1-minute"
  echo "load average before → after the run."
  for page in $PAGES; do
    echo
    if [ "$page" = / ]; then echo "## \`/\` — the counter is written on every request"; else echo "## \`/read\` — the session is only read"; fi
    echo
    echo "| variant | round | req/s | p50 | p99 | server CPU µs/req | store commands/req | of which, per request | store CPU µs/req | errors | load 1m |"
    echo "|---|---|---|---|---|---|---|---|---|---|---|"
    for v in $VARIANTS; do
      awk -F'\t' -v p="$page" -v v="$v" '$1 == v && $2 == p { printf "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s → %s |\n", $1, $14, $3, $4, $5, $6, $7, $13, $8, $9, $10, $11 }' "$OUT/results.tsv"
    done
  done
  echo
  echo "## Ratios sessions4j / peer (this sitting)"
  echo
  if [ "$ROUNDS" -gt 1 ]; then
    echo "Ratios of the means over the $ROUNDS rounds (every second round ran the variants in reverse order)."
    echo
  fi
  echo "| pair | \`/\` req/s | \`/read\` req/s | server CPU/req \`/\` | server CPU/req \`/read\` |"
  echo "|---|---|---|---|---|"
  for pair in "s4j-memory jetty-native" "s4j-memory jetty-none" "s4j-redis spring-redis" "s4j-pg spring-jdbc" \
      "s4j-pg-async spring-jdbc" "s4j-pg-async s4j-pg" "s4j-redis-near s4j-redis" "s4j-redis-near spring-redis"; do
    set -- $pair
    if [ -z "$(field "$1" / 3)" ] || [ -z "$(field "$2" / 3)" ]; then continue; fi
    echo "| $1 / $2 | $(ratio "$(field "$1" / 3)" "$(field "$2" / 3)") | $(ratio "$(field "$1" /read 3)" "$(field "$2" /read 3)") |" \
      "$(ratio "$(field "$1" / 6)" "$(field "$2" / 6)") ($(field "$1" / 6) vs $(field "$2" / 6) µs) |" \
      "$(ratio "$(field "$1" /read 6)" "$(field "$2" /read 6)") ($(field "$1" /read 6) vs $(field "$2" /read 6) µs) |"
  done
  echo
  echo "## Lost updates on one hot session"
  echo
  echo "$HOT_CLIENTS clients at once, $HOT_INCREMENTS increments each, on \`/hot\` with one shared cookie (the servlet's naive"
  echo "\`getAttribute\` + 1 + \`setAttribute\`, no lock: what survives is the library's doing). Expected = the first request"
  echo "plus every increment answered 200; lost = expected − the value \`/hot/value\` reads at the end."
  echo
  echo "| variant | round | clients × increments | expected | final | lost | failed requests (by status) |"
  echo "|---|---|---|---|---|---|---|"
  for v in $VARIANTS; do
    awk -F'\t' -v v="$v" '$1 == v { printf "| %s | %s | %s | %s | %s | %s | %s |\n", $1, $7, $2, $3, $4, $5, $6 }' "$OUT/hot.tsv"
  done
  echo
  echo "Raw wrk output, Redis/PostgreSQL statement lists and server logs: \`bench/target/peers/\` of the run."
} >"$RESULTS"
echo
echo "wrote $RESULTS (raw output: $OUT)"
if awk -F'\t' '$9 > 0 { bad = 1 } END { exit bad ? 0 : 1 }' "$OUT/results.tsv"; then
  echo "some requests failed (errors column; see $OUT/server-*.log)" >&2
  exit 1
fi
