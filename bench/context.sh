#!/usr/bin/env bash
# Request and response against plain ingestion (issue 18): one taobus server on its embedded store, its
# table prefilled to the steady state of retention (PREFILL_ROWS), with bench/load.sh's handlers: a
# GitHub push runs a matched inline and a matched async handler and is answered 202 once stored; a
# POST /tao/context with Quote|Ask|Bench runs a response handler doing the inline one's work and a
# matched async handler, and is answered 200 with the response once stored and run; the same push
# signed the same way to a GitHub source of reply.mode sync whose mapping makes it Quote|Ask|Bench is
# answered 200 with that response handler's response. All three at the same paced rate (16 connections,
# PACED_RATE requests/s offered each), in ROUNDS rounds after WARMUP seconds of all. MODE=together (the
# default) runs the three at once in each round, so that a stall of the shared machine falls on all three
# alike; MODE=alternate runs them one after the other, as earlier figures were taken. Prints each
# one's req/s, p50 and p99, and the median per-round ratio of each request/response p99 to ingestion's
# (the goal: request/response within 2x plain ingestion). Loopback only.
# Usage: WARMUP=60 ROUNDS=3 [PREFILL_ROWS=1000000] [PACED_RATE=400] [MODE=together|alternate] bench/context.sh [seconds per run, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
WARMUP=${WARMUP:-60}
ROUNDS=${ROUNDS:-3}
PACED_RATE=${PACED_RATE:-400}
MODE=${MODE:-together}
case $MODE in together|alternate) ;; *) echo "MODE must be together or alternate, not $MODE" >&2; exit 2;; esac
PREFILL_ROWS=${PREFILL_ROWS:-1000000}
PORT=18090
SECRET=bench-secret
OUT=target/context
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

./mvnw -q -B -DskipTests package
./mvnw -q -B -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
BENCH_CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
rm -rf "$OUT" && mkdir -p "$OUT/handlers/io/taobus/bench/handlers"
cp target/test-classes/io/taobus/bench/handlers/*.class "$OUT/handlers/io/taobus/bench/handlers/"
if [ "$PREFILL_ROWS" -gt 0 ]; then
  "$JAVA" -cp "$BENCH_CP" io.taobus.bench.StorePrefill taobus "h2:$OUT/h2-data" sa "" "$PREFILL_ROWS" > "$OUT/prefill.log" 2>&1 \
    || { cat "$OUT/prefill.log" >&2; exit 1; }
fi

"$JAVA" -Dloader.path="$OUT/handlers" -cp target/taobus-exec.jar org.springframework.boot.loader.launch.PropertiesLauncher \
  --server.port=$PORT --server.address=127.0.0.1 --taobus.example.enabled=false \
  --taobus.handlers.packages=io.taobus.bench.handlers --taobus.webhooks.sources.github.type=github \
  --taobus.webhooks.sources.github.secret=$SECRET --taobus.webhooks.sources.github.replay-protection=false \
  --management.server.port=0 --logging.level.root=WARN --taobus.api.token=bench --bench.handlers=true \
  --taobus.webhooks.sources.quote.type=github --taobus.webhooks.sources.quote.secret=$SECRET \
  --taobus.webhooks.sources.quote.replay-protection=false --taobus.webhooks.sources.quote.term=Quote \
  --taobus.webhooks.sources.quote.action=Ask --taobus.webhooks.sources.quote.orient=Bench \
  --taobus.webhooks.sources.quote.reply.mode=sync \
  --taobus.inbox.directory="$OUT/h2-data" > "$OUT/taobus.log" 2>&1 &
SERVER=$!
trap 'kill $SERVER 2>/dev/null || true; wait 2>/dev/null || true' EXIT
for _ in $(seq 1 1200); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/" && break
  kill -0 $SERVER 2>/dev/null || { tail -20 "$OUT/taobus.log" >&2; exit 1; }
  sleep 0.5
done

. bench/wrk/github-delivery.sh
# the same 1 KB of data, as the term data of the request
CONTEXT_BODY=$(python3 -c "import json,sys; print(json.dumps({'term':'Quote','action':'Ask','orient':'Bench','data':{'term':json.loads(sys.argv[1])}}, separators=(',',':')))" "$BODY")
export CONTEXT_BODY
DELAY_MS=$((16 * 1000 / PACED_RATE))
export DELAY_MS
run() { # script path seconds
  wrk -t2 -c16 -d"$3s" --latency -s "bench/wrk/$1.lua" "http://127.0.0.1:$PORT$2"
}
run github /webhooks/github "$WARMUP" > /dev/null &
warming=$!
EXPECT_STATUS=200 run github /webhooks/quote "$WARMUP" > /dev/null &
warming_sync=$!
run context /tao/context "$WARMUP" > /dev/null
wait "$warming" "$warming_sync"   # not a bare wait: the server is a child of this shell too

ms() { # wrk's latency figure (us, ms or s) in ms
  awk -v v="$1" 'BEGIN { n = v + 0; if (v ~ /us$/) n /= 1000; else if (v ~ /[0-9]s$/) n *= 1000; printf "%.2f", n }'
}
ratios=()
sync_ratios=()
echo "prefilled $PREFILL_ROWS rows; each paced at $PACED_RATE req/s offered (16 connections, ${DELAY_MS} ms after each answer); $ROUNDS rounds of ${DURATION}s, $MODE"
for round in $(seq 1 "$ROUNDS"); do
  if [ "$MODE" = together ]; then
    run github /webhooks/github "$DURATION" > "$OUT/ingest-$round.txt" &
    ingesting=$!
    EXPECT_STATUS=200 run github /webhooks/quote "$DURATION" > "$OUT/sync-$round.txt" &
    syncing=$!
    run context /tao/context "$DURATION" > "$OUT/context-$round.txt"
    wait "$ingesting" "$syncing"
  else
    run github /webhooks/github "$DURATION" > "$OUT/ingest-$round.txt"
    run context /tao/context "$DURATION" > "$OUT/context-$round.txt"
    EXPECT_STATUS=200 run github /webhooks/quote "$DURATION" > "$OUT/sync-$round.txt"
  fi
  for kind in ingest context sync; do
    f="$OUT/$kind-$round.txt"
    rps=$(awk '/^Requests\/sec/ {print $2}' "$f")
    p50=$(ms "$(awk '$1 == "50%" {print $2}' "$f")")
    p99=$(ms "$(awk '$1 == "99%" {print $2}' "$f")")
    errors=$(awk '/^  Non-2xx/ {print $4}' "$f")
    echo "round $round $kind: $rps req/s, p50 $p50 ms, p99 $p99 ms$(grep -h '^non-' "$f" | sed 's/^/, /')${errors:+, non-2xx $errors}"
    eval "${kind}_p99=$p99"
  done
  ratios+=("$(awk -v c="$context_p99" -v i="$ingest_p99" 'BEGIN { printf "%.2f", c / i }')")
  sync_ratios+=("$(awk -v c="$sync_p99" -v i="$ingest_p99" 'BEGIN { printf "%.2f", c / i }')")
done
median() { printf '%s\n' "$@" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
echo "p99 POST /tao/context / p99 ingestion, per round: ${ratios[*]}; median $(median "${ratios[@]}") (goal <= 2)"
echo "p99 sync source / p99 ingestion, per round: ${sync_ratios[*]}; median $(median "${sync_ratios[@]}") (goal <= 2)"
curl -s "http://127.0.0.1:$PORT/bench/runs"; echo
