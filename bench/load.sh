#!/usr/bin/env bash
# Load test: taobus (verification, dedupe and dispatch on) against a bare WebFlux app that only reads
# the body and answers 202, both started here and measured in the same run with wrk, which POSTs a
# signed 1 KB GitHub-style delivery with a fresh delivery id per request over 64 connections.
# Prints req/s, p50 and p99 of both and the ratio. Loopback only.
# Each server first gets WARMUP seconds of the same load (default 60: a Spring Boot app needs about a
# minute of C2 compilation on 2 cores before its throughput settles).
# Usage: WARMUP=60 bench/load.sh [seconds per measured run, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-20}
WARMUP=${WARMUP:-60}
TAOBUS_PORT=18080
BARE_PORT=18081
SECRET=bench-secret
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

./mvnw -q -B -DskipTests package
./mvnw -q -B -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
BENCH_CP="target/test-classes:target/classes:$(cat target/bench.classpath)"

pids=()
cleanup() { for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true; }
trap cleanup EXIT

java -jar target/taobus.jar --server.port=$TAOBUS_PORT --server.address=127.0.0.1 --taobus.example.enabled=false \
  --taobus.webhooks.sources.github.secret=$SECRET --logging.level.root=WARN --taobus.api.token=bench \
  > target/load-taobus.log 2>&1 &
pids+=($!)
java -cp "$BENCH_CP" io.taobus.bench.BareWebFluxApp $BARE_PORT > target/load-bare.log 2>&1 &
pids+=($!)

wait_for() {
  for _ in $(seq 1 120); do
    curl -s -o /dev/null "http://127.0.0.1:$1/" && return 0
    sleep 0.5
  done
  echo "nothing listens on port $1" >&2; return 1
}
wait_for $TAOBUS_PORT; wait_for $BARE_PORT

BODY=$(python3 -c '
import json
doc = {"ref": "refs/heads/main", "repository": {"full_name": "acme/app"}, "pusher": {"name": "octocat"}, "pad": ""}
doc["pad"] = "x" * (1024 - len(json.dumps(doc, separators=(",", ":"))))
print(json.dumps(doc, separators=(",", ":")))')
SIGNATURE="sha256=$(printf '%s' "$BODY" | openssl dgst -sha256 -hmac "$SECRET" -r | cut -d' ' -f1)"
export BODY SIGNATURE
echo "body: ${#BODY} bytes"

run() { # port label
  wrk -t2 -c64 -d"${WARMUP}s" -s bench/wrk/github.lua "http://127.0.0.1:$1/webhooks/github" > /dev/null  # warm-up
  wrk -t2 -c64 -d"${DURATION}s" --latency -s bench/wrk/github.lua "http://127.0.0.1:$1/webhooks/github" > "target/load-$2.txt"
  local non2xx; non2xx=$(grep -oE 'Non-2xx or 3xx responses: [0-9]+' "target/load-$2.txt" | grep -oE '[0-9]+$' || echo 0)
  [ "$non2xx" = "0" ] || { echo "$2: $non2xx responses were not 2xx" >&2; cat "target/load-$2.txt" >&2; return 1; }
}
run $TAOBUS_PORT taobus
run $BARE_PORT bare

python3 - <<'PY'
import re
def parse(label):
    text = open(f"target/load-{label}.txt").read()
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    def lat(p):
        m = re.search(rf"^\s+{p}%\s+([\d.]+)(us|ms|s)", text, re.M)
        v, u = float(m.group(1)), m.group(2)
        return v / 1000 if u == "us" else v * 1000 if u == "s" else v
    return rps, lat(50), lat(99)
t, b = parse("taobus"), parse("bare")
print(f"{'':8} {'req/s':>10} {'p50 ms':>8} {'p99 ms':>8}")
print(f"{'taobus':8} {t[0]:10,.0f} {t[1]:8.2f} {t[2]:8.2f}")
print(f"{'bare':8} {b[0]:10,.0f} {b[1]:8.2f} {b[2]:8.2f}")
print(f"throughput ratio taobus/bare: {t[0] / b[0]:.2f} (goal >= 0.80)")
PY
