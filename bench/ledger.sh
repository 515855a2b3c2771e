#!/usr/bin/env bash
# The ledger's cost (issue 17): the same build of taobus with its ledger of handler calls on (the
# default) and off (taobus.inbox.ledger=false), on the embedded H2 file and on PostgreSQL, each delivery
# a signed 1 KB GitHub push matched by two handlers (bench/jmh/.../BenchHandlers: an inline and an
# async one), all four servers started here and measured in the same run with wrk, as bench/load.sh
# does: saturating req/s over 64 connections, and p99 at a fixed paced rate (PACED_RATE over 16
# connections). Every store starts filled to its steady state (StorePrefill: PREFILL_ROWS deliveries
# with their two ledger rows each). The machine is shared and noisy: ROUNDS interleaved rounds (h2,
# h2-off, postgres, postgres-off, h2, ...), each ratio the median of its per-round ratios. Prints the
# ratios against the goals (ledger on >= 0.8x the req/s and <= 1.25x the paced p99 of ledger off), and
# the ledger's rows and bytes per delivery on each store after the run. PostgreSQL is the local server
# of .ci/postgres-up (TAOBUS_TEST_POSTGRES_URL/_USER/_PASSWORD); without it only H2 runs. Loopback only.
# STORES picks the stores (default "h2 postgres"; "postgres" alone, say, for more rounds in the same time).
# Usage: WARMUP=60 ROUNDS=3 [PREFILL_ROWS=1000000] [PACED_RATE=400] [STORES="h2 postgres"] bench/ledger.sh [seconds per run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
WARMUP=${WARMUP:-60}
ROUNDS=${ROUNDS:-3}
PREFILL_ROWS=${PREFILL_ROWS:-1000000}
PACED_RATE=${PACED_RATE:-400}
STORES=${STORES:-h2 postgres}
store() { case " $STORES " in *" $1 "*) return 0 ;; *) return 1 ;; esac; }
SECRET=bench-secret
OUT=target/ledger
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

./mvnw -q -B -DskipTests package
./mvnw -q -B -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
BENCH_CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
rm -rf "$OUT" && mkdir -p "$OUT/handlers/io/taobus/bench/handlers"
cp target/test-classes/io/taobus/bench/handlers/*.class "$OUT/handlers/io/taobus/bench/handlers/"

PG_ADMIN=${TAOBUS_TEST_POSTGRES_URL:-}
PG_USER=${TAOBUS_TEST_POSTGRES_USER:-taobus}
PG_PASSWORD=${TAOBUS_TEST_POSTGRES_PASSWORD:-taobus}
PG_ON=taobus_ledger_on_$$
PG_OFF=taobus_ledger_off_$$
psql_admin() { PGPASSWORD=$PG_PASSWORD psql "postgresql://$PG_USER@${PG_ADMIN#jdbc:postgresql://}" -qAtc "$1"; }
psql_db() { PGPASSWORD=$PG_PASSWORD psql "postgresql://$PG_USER@$(echo "${PG_ADMIN#jdbc:postgresql://}" | sed 's|/[^/]*$||')/$1" -qAtc "$2"; }
PG=""
if store postgres && [ -n "$PG_ADMIN" ] && psql_admin "CREATE DATABASE $PG_ON" >/dev/null && psql_admin "CREATE DATABASE $PG_OFF" >/dev/null; then
  PG="${PG_ADMIN%/*}"
else
  echo "no PostgreSQL (TAOBUS_TEST_POSTGRES_URL): only the H2 servers run" >&2
fi

declare -A pid_of
cleanup() {
  for pid in "${pid_of[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${pid_of[@]}"; do while kill -0 "$pid" 2>/dev/null; do sleep 0.2; done; done
  if [ -n "$PG" ]; then
    psql_admin "DROP DATABASE IF EXISTS $PG_ON WITH (FORCE)" >/dev/null || true
    psql_admin "DROP DATABASE IF EXISTS $PG_OFF WITH (FORCE)" >/dev/null || true
  fi
}
trap cleanup EXIT

prefill() { "$JAVA" -cp "$BENCH_CP" io.taobus.bench.StorePrefill taobus "$@" "$PREFILL_ROWS"; }
filling=$SECONDS
: > "$OUT/prefill.log"
if store h2; then
  prefill "h2:$OUT/h2-data" sa "" >> "$OUT/prefill.log" 2>&1
  cp -r "$OUT/h2-data" "$OUT/h2-off-data"
fi
if [ -n "$PG" ]; then
  prefill "$PG/$PG_ON" "$PG_USER" "$PG_PASSWORD" >> "$OUT/prefill.log" 2>&1
  prefill "$PG/$PG_OFF" "$PG_USER" "$PG_PASSWORD" >> "$OUT/prefill.log" 2>&1
fi
grep -hE 'rows' "$OUT/prefill.log" | sed 's/;[^:]*:/:/'
echo "prefill: $((SECONDS - filling)) s"

taobus() { # label port [properties...]
  local label=$1 port=$2
  shift 2
  "$JAVA" -Dloader.path="$OUT/handlers" -cp target/taobus-exec.jar \
    org.springframework.boot.loader.launch.PropertiesLauncher --server.port="$port" --server.address=127.0.0.1 \
    --taobus.example.enabled=false --taobus.handlers.packages=io.taobus.bench.handlers \
    --taobus.webhooks.sources.github.type=github --taobus.webhooks.sources.github.secret=$SECRET \
    --taobus.webhooks.sources.github.replay-protection=false --management.server.port=0 \
    --logging.level.root=WARN --taobus.api.token=bench --bench.handlers=true "$@" > "$OUT/$label.log" 2>&1 &
  pid_of[$label]=$!
}
SERVERS=""
if store h2; then
  taobus h2 18091 --taobus.inbox.directory="$OUT/h2-data"
  taobus h2-off 18092 --taobus.inbox.directory="$OUT/h2-off-data" --taobus.inbox.ledger=false
  SERVERS="h2:18091 h2-off:18092"
fi
if [ -n "$PG" ]; then
  pg_args() { echo "--spring.datasource.url=$PG/$1 --spring.datasource.username=$PG_USER --spring.datasource.password=$PG_PASSWORD"; }
  # shellcheck disable=SC2046
  taobus postgres 18093 $(pg_args "$PG_ON")
  # shellcheck disable=SC2046
  taobus postgres-off 18094 $(pg_args "$PG_OFF") --taobus.inbox.ledger=false
  SERVERS="$SERVERS postgres:18093 postgres-off:18094"
fi
wait_for() { # label port
  for _ in $(seq 1 1200); do
    curl -s -o /dev/null "http://127.0.0.1:$2/" && return 0
    kill -0 "${pid_of[$1]}" 2>/dev/null || { echo "$1 exited before listening:" >&2; tail -20 "$OUT/$1.log" >&2; return 1; }
    sleep 0.5
  done
  echo "nothing listens on port $2" >&2; return 1
}
for server in $SERVERS; do wait_for "${server%%:*}" "${server##*:}"; done

. bench/wrk/github-delivery.sh
load() { wrk -t2 -c64 -d"$2s" --latency -s bench/wrk/github.lua "http://127.0.0.1:$1/webhooks/github"; }
paced() {
  DELAY_MS=$((16 * 1000 / PACED_RATE)) wrk -t2 -c16 -d"$2s" --latency -s bench/wrk/github.lua \
    "http://127.0.0.1:$1/webhooks/github"
}
echo "warm-up ${WARMUP}s, then $ROUNDS rounds of ${DURATION}s per server; $PREFILL_ROWS deliveries prefilled"
warming=()
for server in $SERVERS; do load "${server##*:}" "$WARMUP" > /dev/null & warming+=($!); done
wait "${warming[@]}"
for round in $(seq 1 "$ROUNDS"); do
  for server in $SERVERS; do
    label=${server%%:*}
    load "${server##*:}" "$DURATION" > "$OUT/$label-$round.txt"
    paced "${server##*:}" "$DURATION" > "$OUT/$label-$round-paced.txt"
    for result in "$OUT/$label-$round.txt" "$OUT/$label-$round-paced.txt"; do
      if grep -qE 'Non-2xx or 3xx responses: [1-9]' "$result"; then
        echo "$label: responses that were not 2xx" >&2; cat "$result" >&2; exit 1
      fi
    done
  done
done

# the ledger's size: its rows and bytes per delivery on each store with the ledger on, after the run
sizes() {
  # H2 keeps its file locked while the server runs: the files' sizes, ledger on and off, tell its share
  if store h2; then
    echo "h2 files: ledger on $(du -sb "$OUT/h2-data" | cut -f1) bytes, off $(du -sb "$OUT/h2-off-data" | cut -f1) bytes"
  fi
  if [ -n "$PG" ]; then
    psql_db "$PG_ON" "SELECT 'postgres ledger: ' || (SELECT COUNT(*) FROM inbox_handler_call) || ' rows for '
      || (SELECT COUNT(*) FROM inbox_delivery) || ' deliveries, '
      || pg_total_relation_size('inbox_handler_call') || ' bytes with its indexes'"
  fi
}
sizes

python3 - "$OUT" "$ROUNDS" "$SERVERS" "$PACED_RATE" <<'PY'
import re, statistics, sys
out, rounds = sys.argv[1], int(sys.argv[2])
labels = [server.split(":")[0] for server in sys.argv[3].split()]
def parse(path):
    text = open(path).read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def lat(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", text, re.M)
        v, u = float(m.group(1)), m.group(2)
        return v / 1000 if u == "us" else v * 1000 if u == "s" else v
    return rps, lat(50), lat(99)
runs = {label: [parse(f"{out}/{label}-{r}.txt") for r in range(1, rounds + 1)] for label in labels}
paced = {label: [parse(f"{out}/{label}-{r}-paced.txt") for r in range(1, rounds + 1)] for label in labels}
print(f"{'':13} {'req/s':>9} {'p99 ms':>8} {'paced p50':>10} {'paced p99':>10}   (medians of {rounds} rounds)")
for label in labels:
    med = lambda results, i: statistics.median(r[i] for r in results[label])
    print(f"{label:13} {med(runs, 0):9,.0f} {med(runs, 2):8.2f} {med(paced, 1):10.2f} {med(paced, 2):10.2f}")
for store in ("h2", "postgres"):
    off = store + "-off"
    if store in runs and off in runs:
        rps_rounds = [a[0] / b[0] for a, b in zip(runs[store], runs[off])]
        p99_rounds = [a[2] / b[2] for a, b in zip(paced[store], paced[off])]
        rps, p99 = statistics.median(rps_rounds), statistics.median(p99_rounds)
        print(f"ledger on/off, {store:8} per round: req/s {', '.join(f'{r:.2f}' for r in rps_rounds)}; "
              f"paced p99 {', '.join(f'{r:.2f}' for r in p99_rounds)}")
        print(f"ledger on/off, {store:8}: req/s {rps:.2f} (goal >= 0.8), paced p99 {p99:.2f} (goal <= 1.25, ~{sys.argv[4]} req/s offered)")
PY
