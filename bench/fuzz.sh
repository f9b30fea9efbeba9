#!/usr/bin/env bash
# The long fuzz run: every Jazzer fuzz target (*FuzzTest) for a fixed number of executions, one after the
# other, on one core, at low priority. `./mvnw verify` runs the same targets briefly (the count each
# @FuzzTest names); this runs them for 10 million executions in all. Findings are written by Jazzer into the
# target's src/test/resources/.../<Class>Inputs/<method>/ directory, where every later build runs them as
# regression inputs; the summary goes to bench/RESULTS-fuzz.md.
#
#   bench/fuzz.sh                         # all targets, the counts below (about two hours on one core)
#   SCALE=0.01 bench/fuzz.sh              # 1 % of each count, to try the script
#   TARGETS="CookieHeaderFuzzTest" bench/fuzz.sh
#
# Settings (environment): SCALE (1), TARGETS (all), CPU (the core to pin to: 1), NICE (19), SKIP_BUILD,
# COMMIT (the commit to name in the results; default: git's HEAD).
# RedisKeyFuzzTest uses $SESSIONS4J_REDIS_URI when set (only keys under its own unique prefix), else a Redis
# it starts itself; TableNameFuzzTest uses an in-memory H2. Nothing else is touched.
set -euo pipefail

SCALE=${SCALE:-1}
COMMIT=${COMMIT:-$(git rev-parse --short HEAD 2>/dev/null || echo unknown)}
CPU=${CPU:-1}
NICE=${NICE:-19}
ROOT=$(cd "$(dirname "$0")/.." && pwd)
OUT="$ROOT/bench/target/fuzz"
mkdir -p "$OUT"
cd "$ROOT"

# module:class:executions — 10,000,000 in all at SCALE=1.
ALL="sessions4j-core:CookieHeaderFuzzTest:3500000
sessions4j-core:CookieSignerFuzzTest:2500000
sessions4j-core:StoredRecordFuzzTest:2000000
sessions4j-core:SetCookieFuzzTest:1500000
sessions4j-redis:RedisKeyFuzzTest:400000
sessions4j-jdbc:TableNameFuzzTest:100000"

if [ -z "${SKIP_BUILD:-}" ]; then
  echo "building (./mvnw -q -pl sessions4j-redis,sessions4j-jdbc -am install -DskipTests)" >&2
  ./mvnw -q -pl sessions4j-redis,sessions4j-jdbc -am install -DskipTests
fi

run() { # module class executions
  local log="$OUT/$2.log"
  echo "$(date -u +%H:%M:%S) $2: $3 executions" >&2
  # surefire's "fuzz" execution (parent pom): JAZZER_FUZZ=1, one JVM; the count and no time limit from here.
  taskset -c "$CPU" nice -n "$NICE" ./mvnw -pl "$1" surefire:test@fuzz -Dtest="$2" \
    -Djazzer.max_executions="$3" -Djazzer.max_duration=100h -Dsurefire.failIfNoSpecifiedTests=false \
    -Dsurefire.timeout=0 >"$log" 2>&1 || true
  local done runs seconds crash
  done=$(grep -E '^#[0-9]+[[:space:]]+DONE' "$log" | tail -1 || true)
  runs=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\1/p' "$log" | tail -1)
  seconds=$(sed -n 's/^Done \([0-9]*\) runs in \([0-9]*\) second.*/\2/p' "$log" | tail -1)
  crash=$(grep -c 'Test unit written to' "$log" || true)
  printf '| %s | %s | %s | %s | %s | %s |\n' "$2" "$3" "${runs:-?}" "${seconds:-?}" "$crash" \
    "$(echo "$done" | sed -n 's/.*cov: \([0-9]*\).*/\1/p')" >>"$OUT/table.md"
}

: >"$OUT/table.md"
for line in $ALL; do
  IFS=: read -r module class count <<<"$line"
  if [ -n "${TARGETS:-}" ] && ! grep -qw "$class" <<<"$TARGETS"; then continue; fi
  run "$module" "$class" "$(awk -v n="$count" -v s="$SCALE" 'BEGIN { printf "%d", n * s }')"
done

total=$(awk -F'|' '{ n += $4 } END { print n }' "$OUT/table.md")
crashes=$(awk -F'|' '{ n += $6 } END { print n }' "$OUT/table.md")
{
  echo "# Long fuzz run"
  echo
  echo "\`bench/fuzz.sh\` (SCALE=$SCALE) on $(nproc) cores, pinned to core $CPU at nice $NICE; Jazzer $(sed -n 's:.*<jazzer.version>\(.*\)</jazzer.version>.*:\1:p' pom.xml);"
  echo "commit $COMMIT, $(date -u +%Y-%m-%d). Findings: files written into the targets' Inputs directories."
  echo
  echo "| target | executions asked | executions run | seconds | findings | coverage (edges) |"
  echo "|---|---|---|---|---|---|"
  cat "$OUT/table.md"
  echo
  echo "Total: $total executions, $crashes findings. Logs: bench/target/fuzz/<target>.log."
} >"$ROOT/bench/RESULTS-fuzz.md"
cat "$ROOT/bench/RESULTS-fuzz.md"
