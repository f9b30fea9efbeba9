# Shared by the load scripts in bench/: sourced, not run. Expects ROOT to be the repository root.

need() { command -v "$1" >/dev/null || { echo "$1 not found: $2" >&2; exit 1; }; }

# wrk from Debian's package, installed when running as root.
ensure_wrk() {
  if ! command -v wrk >/dev/null && [ "$(id -u)" = 0 ]; then
    echo "wrk not found: installing Debian's package" >&2
    apt-get install -y wrk >/dev/null || { apt-get update >/dev/null && apt-get install -y wrk >/dev/null; }
  fi
  need wrk "apt-get install wrk"
}

# The demo's classes and dependencies (skipped with SKIP_BUILD=1); sets CP for `java -cp`.
build_demo() {
  if [ -z "${SKIP_BUILD:-}" ]; then
    echo "building the demo (./mvnw -q -pl sessions4j-examples -am -DskipTests package)" >&2
    (cd "$ROOT" && ./mvnw -q -pl sessions4j-examples -am -DskipTests package)
  fi
  CP="$ROOT/sessions4j-examples/target/classes:$ROOT/sessions4j-examples/target/lib/*"
}

# The express-session app of sessions4j-interop/node, installed from its lockfile.
ensure_node_app() {
  need node "install Node.js 18+ (Debian: apt-get install nodejs npm)"
  need npm "install npm"
  NODE_DIR="$ROOT/sessions4j-interop/node"
  if [ ! -f "$NODE_DIR/node_modules/.package-lock.json" ]; then
    echo "installing the Node app (npm ci in sessions4j-interop/node)" >&2
    (cd "$NODE_DIR" && npm ci --no-audit --no-fund >/dev/null)
  fi
}

wait_http() { # port name (logs in $OUT/server-<name>.log)
  for _ in $(seq 1 150); do
    if curl -s -o /dev/null "http://127.0.0.1:$1/"; then return 0; fi
    sleep 0.2
  done
  echo "the $2 server did not start; see $OUT/server-$2.log" >&2
  exit 1
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
rps() { awk '/^Requests\/sec:/ { print $2 }' "$1"; }

# A redis-server to start for a benchmark: $REDIS_SERVER, the one on the PATH, else the binary inside
# embedded-redis (extracted into $OUT). Sets REDIS_SERVER.
find_redis_server() {
  REDIS_SERVER=${REDIS_SERVER:-$(command -v redis-server || true)}
  if [ -z "$REDIS_SERVER" ]; then
    local jar
    jar=$(find "${HOME}/.m2/repository/com/github/codemonstur/embedded-redis" -name 'embedded-redis-*.jar' | sort | tail -1)
    [ -n "$jar" ] || { echo "no redis-server: apt-get install redis-server, or build once so embedded-redis is in ~/.m2" >&2; exit 1; }
    (cd "$OUT" && unzip -o -q "$jar" redis-server-6.2.6-v5-linux-amd64 && chmod +x redis-server-6.2.6-v5-linux-amd64)
    REDIS_SERVER="$OUT/redis-server-6.2.6-v5-linux-amd64"
  fi
}

# The heap in use right after a full GC, in MB, of a running JVM (jcmd GC.run, then GC.heap_info).
heap_after_gc_mb() { # pid
  jcmd "$1" GC.run >/dev/null
  jcmd "$1" GC.heap_info | awk '/used/ { for (i = 1; i <= NF; i++) if ($i == "used") { v = $(i + 1); sub(/K,?$/, "", v); printf "%.1f\n", v / 1024; exit } }'
}

p99() { awk '$1 == "99%" { print $2 }' "$1"; }
errors() { awk '/Non-2xx/ { n += $NF } /Socket errors/ { for (i = 1; i <= NF; i++) if ($i ~ /^[0-9]+,?$/) n += $i } END { print n + 0 }' "$1"; }
