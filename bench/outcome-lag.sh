#!/usr/bin/env bash
# How far the outcome writers of a saturated taobus on PostgreSQL fall behind: the packaged jar alone, with
# bench/load.sh's handlers (one inline and one async per delivery), on a table prefilled to PREFILL_ROWS,
# under wrk -c64 for DURATION seconds after a 20 s warm-up. The writers log each batch at DEBUG
# (OutcomeWriter); this prints, per second, the outcomes written, the writers' busy milliseconds (summed
# over the writers), the slowest batch and the most outcomes waiting (each writer's, summed), then wrk's
# req/s, latency and its count of non-2xx answers (the inbox refuses new deliveries with 503 while more
# than queue-capacity outcomes wait).
# Usage: TAOBUS_TEST_POSTGRES_URL=jdbc:postgresql://127.0.0.1:5432/postgres [PREFILL_ROWS=1000000] \
#   bench/outcome-lag.sh [DURATION=90]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-90}
PREFILL_ROWS=${PREFILL_ROWS:-1000000}
PG_ADMIN=${TAOBUS_TEST_POSTGRES_URL:?a PostgreSQL server: TAOBUS_TEST_POSTGRES_URL}
PG_USER=${TAOBUS_TEST_POSTGRES_USER:-taobus}
PG_PASSWORD=${TAOBUS_TEST_POSTGRES_PASSWORD:-taobus}
OUT=target/outcome-lag
SECRET=bench-secret
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

./mvnw -q -B -DskipTests package
./mvnw -q -B -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
rm -rf "$OUT" && mkdir -p "$OUT/handlers/io/taobus/bench/handlers"
cp target/test-classes/io/taobus/bench/handlers/*.class "$OUT/handlers/io/taobus/bench/handlers/"

PG_DB=taobus_outcome_lag_$$
admin_psql() { PGPASSWORD=$PG_PASSWORD psql "postgresql://$PG_USER@${PG_ADMIN#jdbc:postgresql://}" -qAtc "$1" >/dev/null; }
admin_psql "CREATE DATABASE $PG_DB"
PG_URL="${PG_ADMIN%/*}/$PG_DB"
server=""
cleanup() {
  [ -z "$server" ] || { kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; }
  admin_psql "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" || true
}
trap cleanup EXIT

"$JAVA" -cp "target/test-classes:target/classes:$(cat target/bench.classpath)" io.taobus.bench.StorePrefill taobus \
  "$PG_URL" "$PG_USER" "$PG_PASSWORD" "$PREFILL_ROWS" > "$OUT/prefill.log" 2>&1 || { cat "$OUT/prefill.log" >&2; exit 1; }
"$JAVA" -Dloader.path="$OUT/handlers" -cp target/taobus-exec.jar org.springframework.boot.loader.launch.PropertiesLauncher \
  --server.port=18084 --server.address=127.0.0.1 --taobus.example.enabled=false \
  --taobus.handlers.packages=io.taobus.bench.handlers --bench.handlers=true --taobus.api.token=bench \
  --taobus.webhooks.sources.github.type=github --taobus.webhooks.sources.github.secret=$SECRET \
  --taobus.webhooks.sources.github.replay-protection=false --management.server.port=0 \
  --logging.level.root=WARN --logging.level.io.taobus.inbox.OutcomeWriter=DEBUG \
  --spring.datasource.url="$PG_URL" --spring.datasource.username="$PG_USER" --spring.datasource.password="$PG_PASSWORD" \
  > "$OUT/server.log" 2>&1 &
server=$!
for _ in $(seq 1 1200); do
  curl -s -o /dev/null http://127.0.0.1:18084/ && break
  kill -0 "$server" 2>/dev/null || { tail -20 "$OUT/server.log" >&2; exit 1; }
  sleep 0.5
done

. bench/wrk/github-delivery.sh
load() { wrk -t2 -c64 -d"$1s" --latency -s bench/wrk/github.lua http://127.0.0.1:18084/webhooks/github; }
load 20 > "$OUT/warm-up.txt"
from=$(date -u +%Y-%m-%dT%H:%M:%S)
load "$DURATION" > "$OUT/wrk.txt"
to=$(date -u +%Y-%m-%dT%H:%M:%S)

python3 - "$OUT/server.log" "$from" "$to" <<'PY'
import collections, re, sys
log, start, end = sys.argv[1:]
line = re.compile(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)\.\d+.*Writer (\d+) wrote (\d+) delivery outcomes in (\d+) ms; "
                  r"(\d+) behind in it")
seconds = collections.OrderedDict()
for m in filter(None, map(line.search, open(log))):
    second, writer, size, ms, behind = m.group(1), *map(int, m.groups()[1:])
    if start <= second <= end:
        s = seconds.setdefault(second, [0, 0, 0, collections.Counter()])
        s[0] += size; s[1] += ms; s[2] = max(s[2], ms); s[3][writer] = max(s[3][writer], behind)
# behind: each writer's most waiting within the second, summed over the writers (the inbox refuses new
# deliveries on the sum): no less than what waited at once in that second, as the maxima need not coincide
print(f"{'second':8} {'written':>8} {'busy ms':>8} {'slowest':>8} {'behind':>7}")
for second, (written, busy, slowest, behind) in seconds.items():
    print(f"{second[11:]:8} {written:8,} {busy:8,} {slowest:8,} {sum(behind.values()):7,}")
print(f"most outcomes waiting (summed over the writers): {max((sum(s[3].values()) for s in seconds.values()), default=0):,}")
PY
grep -E "Requests/sec|Non-2xx|^ +(50|99)%" "$OUT/wrk.txt"
