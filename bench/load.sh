#!/usr/bin/env bash
# Load test: taobus (verification, storing in its inbox, dedupe and dispatch on, each delivery running a
# matched inline and a matched async handler) on each inbox — memory (lossy), the embedded H2 file and
# PostgreSQL — against a bare WebFlux app that only reads the body and answers 202, all started here and
# measured in the same run with wrk, which POSTs a signed 1 KB GitHub-style delivery with a fresh
# delivery id per request over 64 connections. The handlers (bench/jmh/.../BenchHandlers) are added to
# the packaged jar with Boot's PropertiesLauncher and -Dloader.path. PostgreSQL is the local server of
# .ci/postgres-up (TAOBUS_TEST_POSTGRES_URL/_USER/_PASSWORD); without one that server is skipped.
# A third server, the Boot floor, is the bare app's endpoint inside a Spring Boot app with taobus's
# classpath and configuration (Actuator, tracing; the endpoint unobserved, as taobus's ingestion is) and
# none of its beans: it splits the gap into what the framework costs and what taobus's own work costs.
# Prints req/s, p50 and p99 of each and the ratios. Loopback only.
#
# The machine is shared and noisy, so the servers are measured in ROUNDS interleaved rounds (memory,
# h2, postgres, bare, floor, memory, ...) and each ratio is the median of its per-round ratios. Before
# that, all get WARMUP seconds of the same load at once (a Spring Boot app needs about a minute of C2
# compilation on 2 cores before its throughput settles), then each WARMUP_EACH seconds alone.
# Each round also measures every server at a fixed, paced rate (PACED_RATE), and prints each taobus
# server's p99 there against the floor's, and every server's young GC pauses within the measured runs
# (from -Xlog:gc). The servers run with the jar's own JVM defaults unless JVM_OPTS says otherwise.
# The baselines a user would write instead of taobus (issue 15): a hand-written durable receiver
# (bench/jmh/.../HandWrittenReceiverApp: the bare app's stack, GitHub's HMAC checked, one INSERT … ON
# CONFLICT DO NOTHING per request in its own transaction on a virtual thread, Hikari 16) on the same
# PostgreSQL as taobus (hand-pg, its own table in the same database) and on an H2 file with the settings
# of taobus's embedded store (hand-h2); hand-h2 runs CHECKPOINT SYNC after each commit, as durable as
# taobus, which fsyncs each admission window (FSYNC=0 turns the receiver's off, to compare with a build
# of taobus from before it fsynced). Every table, taobus's and
# the receivers', starts filled to the steady state of its retention, PREFILL_ROWS rows (StorePrefill).
# Each saturating run also samples the CPU time of the server, of all postgres processes and of wrk, and
# prints each one's share of the machine's CPU.
# Usage: WARMUP=60 ROUNDS=3 [WARMUP_EACH=seconds per run] [PREFILL_ROWS=1000000] [FSYNC=0] [TAOBUS_ARGS="..."] [JVM_OPTS="..."] bench/load.sh [seconds per measured run, default 10]
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${1:-10}
WARMUP=${WARMUP:-60}
WARMUP_EACH=${WARMUP_EACH:-$DURATION}
ROUNDS=${ROUNDS:-3}
export FSYNC=${FSYNC:-1}
TAOBUS_PORT=18080
BARE_PORT=18081
FLOOR_PORT=18082
H2_PORT=18083
PG_PORT=18084
HAND_H2_PORT=18085
HAND_PG_PORT=18086
PREFILL_ROWS=${PREFILL_ROWS:-1000000}
read -r -a TAOBUS_ARGS <<< "${TAOBUS_ARGS:-}"
SECRET=bench-secret
OUT=target/load
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java  # the JDK 25 that mvnw builds with, when JAVA_HOME names it
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

./mvnw -q -B -DskipTests package
./mvnw -q -B -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.outputFile=target/bench.classpath
BENCH_CP="target/test-classes:target/classes:$(cat target/bench.classpath)"
rm -rf "$OUT" && mkdir -p "$OUT/handlers/io/taobus/bench/handlers"
cp target/test-classes/io/taobus/bench/handlers/*.class "$OUT/handlers/io/taobus/bench/handlers/"

PG_ADMIN=${TAOBUS_TEST_POSTGRES_URL:-}
PG_USER=${TAOBUS_TEST_POSTGRES_USER:-taobus}
PG_PASSWORD=${TAOBUS_TEST_POSTGRES_PASSWORD:-taobus}
PG_DB=taobus_bench_$$
admin_psql() { PGPASSWORD=$PG_PASSWORD psql "postgresql://$PG_USER@${PG_ADMIN#jdbc:postgresql://}" -qAtc "$1" >/dev/null; }
if [ -n "$PG_ADMIN" ] && admin_psql "CREATE DATABASE $PG_DB"; then
  PG_URL="${PG_ADMIN%/*}/$PG_DB"
else
  echo "no PostgreSQL (TAOBUS_TEST_POSTGRES_URL): the postgres and hand-pg servers are skipped" >&2
  PG_URL=""
fi

declare -A pid_of
cleanup() {
  for pid in "${pid_of[@]}"; do kill "$pid" 2>/dev/null || true; done; wait 2>/dev/null || true
  if [ -n "$PG_URL" ]; then admin_psql "DROP DATABASE IF EXISTS $PG_DB WITH (FORCE)" || true; fi
}
trap cleanup EXIT

# Each table starts filled to the steady state of its retention: taobus's (migrated to V1, filled, the
# later migrations then run on the filled table at startup) and each receiver's. The embedded files and
# the PostgreSQL tables are filled side by side.
prefill() { # taobus|receiver url user password
  "$JAVA" -cp "$BENCH_CP" io.taobus.bench.StorePrefill "$@" "$PREFILL_ROWS"
}
if [ "$PREFILL_ROWS" -gt 0 ]; then
  filling=$SECONDS
  { prefill taobus "h2:$OUT/h2-data" sa "" && prefill receiver "h2:$OUT/hand-h2-data" sa ""; } > "$OUT/prefill-h2.log" 2>&1 &
  h2_fill=$!
  if [ -n "$PG_URL" ]; then
    { prefill taobus "$PG_URL" "$PG_USER" "$PG_PASSWORD" && prefill receiver "$PG_URL" "$PG_USER" "$PG_PASSWORD"; } \
      > "$OUT/prefill-pg.log" 2>&1 || { cat "$OUT/prefill-pg.log" >&2; exit 1; }
  fi
  wait "$h2_fill" || { cat "$OUT/prefill-h2.log" >&2; exit 1; }
  grep -hE '^(inbox|webhook)_delivery on' "$OUT"/prefill-*.log | sed 's/;[^:]*:/:/'
  echo "prefill: $((SECONDS - filling)) s"
fi

# The JVM options of every server: none by default, i.e. the jar's own defaults, as `java -jar` gives a
# user (JVM_OPTS="-XX:MaxTenuringThreshold=1" measures the GC option the image once set). Each server logs its GC
# with wall-clock times, so that the young pauses within its measured runs can be counted.
read -r -a JVM_OPTS <<< "${JVM_OPTS:-}"
gclog() { echo "-Xlog:gc:file=$OUT/$1-gc.log:utctime"; }

taobus() { # label port [properties...]
  local label=$1 port=$2
  shift 2
  # wrk sends one body under fresh delivery ids, which the replay defence of body-only signatures would
  # answer as duplicates: it is off here; actuator on a random port (three taobus servers run at once)
  "$JAVA" ${JVM_OPTS[@]+"${JVM_OPTS[@]}"} "$(gclog "$label")" -Dloader.path="$OUT/handlers" -cp target/taobus-exec.jar \
    org.springframework.boot.loader.launch.PropertiesLauncher --server.port="$port" --server.address=127.0.0.1 \
    --taobus.example.enabled=false --taobus.handlers.packages=io.taobus.bench.handlers \
    --taobus.webhooks.sources.github.type=github \
    --taobus.webhooks.sources.github.secret=$SECRET --management.server.port=0 --logging.level.root=WARN \
    --taobus.webhooks.sources.github.replay-protection=false \
    --taobus.api.token=bench --bench.handlers=true "$@" ${TAOBUS_ARGS[@]+"${TAOBUS_ARGS[@]}"} > "$OUT/$label.log" 2>&1 &
  pid_of[$label]=$!
}
# a bench main on the test classpath: label port main [arguments...]
app() {
  local label=$1 port=$2 main=$3
  shift 3
  "$JAVA" ${JVM_OPTS[@]+"${JVM_OPTS[@]}"} "$(gclog "$label")" -cp "$BENCH_CP" "$main" "$port" "$@" > "$OUT/$label.log" 2>&1 &
  pid_of[$label]=$!
}

taobus memory $TAOBUS_PORT --taobus.inbox.type=memory
taobus h2 $H2_PORT --taobus.inbox.directory="$OUT/h2-data"
# each baseline right after the taobus server it is compared with, in every round
app hand-h2 $HAND_H2_PORT io.taobus.bench.HandWrittenReceiverApp "h2:$OUT/hand-h2-data" sa ""
SERVERS="memory:$TAOBUS_PORT h2:$H2_PORT hand-h2:$HAND_H2_PORT"
if [ -n "$PG_URL" ]; then
  taobus postgres $PG_PORT --spring.datasource.url="$PG_URL" --spring.datasource.username="$PG_USER" \
    --spring.datasource.password="$PG_PASSWORD"
  app hand-pg $HAND_PG_PORT io.taobus.bench.HandWrittenReceiverApp "$PG_URL" "$PG_USER" "$PG_PASSWORD"
  SERVERS="$SERVERS postgres:$PG_PORT hand-pg:$HAND_PG_PORT"
fi
SERVERS="$SERVERS bare:$BARE_PORT floor:$FLOOR_PORT"
app bare $BARE_PORT io.taobus.bench.BareWebFluxApp
app floor $FLOOR_PORT io.taobus.bench.floor.BootFloorApp

wait_for() { # label port
  # seven JVMs starting at once on 2 cores, taobus migrating its filled table: a Boot app may take minutes
  for _ in $(seq 1 1200); do
    curl -s -o /dev/null "http://127.0.0.1:$2/" && return 0
    kill -0 "${pid_of[$1]}" 2>/dev/null || { echo "$1 exited before listening:" >&2; tail -20 "$OUT/$1.log" >&2; return 1; }
    sleep 0.5
  done
  echo "nothing listens on port $2" >&2; return 1
}
for server in $SERVERS; do wait_for "${server%%:*}" "${server##*:}"; done

. bench/wrk/github-delivery.sh
echo "body: ${#BODY} bytes; JVM options: ${JVM_OPTS[*]:-none, the jar defaults}; warm-up ${WARMUP}s, then ${WARMUP_EACH}s each alone, then $ROUNDS rounds of ${DURATION}s per server"
echo "tables prefilled with $PREFILL_ROWS rows; taobus arguments: ${TAOBUS_ARGS[*]:-none}; hand-h2 fsyncs each insert: $([ "$FSYNC" = 1 ] && echo yes || echo no)"

load() { # port seconds [extra wrk args]
  wrk -t2 -c64 -d"$2s" "${@:3}" -s bench/wrk/github.lua "http://127.0.0.1:$1/webhooks/github"
}
# The paced runs: 16 connections, each waiting DELAY_MS after every answer, offer about PACED_RATE
# requests/s, below what every server here sustains: their latency is service time and pauses, not the
# queue a saturating load builds in front of the slower server (whose p99 then only restates its
# throughput).
PACED_RATE=${PACED_RATE:-400}
paced() { # port seconds
  DELAY_MS=$((16 * 1000 / PACED_RATE)) wrk -t2 -c16 -d"$2s" --latency -s bench/wrk/github.lua \
    "http://127.0.0.1:$1/webhooks/github"
}
# The CPU split of a saturating run: clock ticks of the whole machine (/proc/stat), of the server's JVM
# and of each postgres process (/proc/<pid>/stat utime + stime), before and after; wrk's own come from
# `times` in the subshell that ran it.
ticks() { # pid
  local stat fields
  stat=$(cat "/proc/$1/stat" 2>/dev/null) || { echo 0; return; }
  read -r -a fields <<< "${stat##*) }"
  echo $((fields[11] + fields[12]))
}
cpu_sample() { # server pid
  local cpu pid
  read -r -a cpu < /proc/stat
  echo "machine $((cpu[1] + cpu[2] + cpu[3] + cpu[4] + cpu[5] + cpu[6] + cpu[7] + cpu[8])) $((cpu[4] + cpu[5]))"
  echo "server $(ticks "$1")"
  for pid in $(pgrep -x postgres); do echo "postgres:$pid $(ticks "$pid")"; done
}
warming=()
for server in $SERVERS; do
  load "${server##*:}" "$WARMUP" > /dev/null &
  warming+=($!)
done
wait "${warming[@]}"
# then each alone for WARMUP_EACH seconds, as it will be measured: warmed only all at once, each JIT got a
# seventh of the machine, and the first measured round of the taobus servers and the Boot floor came out
# at a quarter to a third of their later ones while the hand-written receivers were at speed
for server in $SERVERS; do
  load "${server##*:}" "$WARMUP_EACH" > /dev/null
done

for round in $(seq 1 "$ROUNDS"); do
  for server in $SERVERS; do
    label=${server%%:*}
    file="$OUT/$label-$round.txt"
    cpu_sample "${pid_of[$label]}" > "$file.cpu-before"
    echo "$label $(date -u +%s.%N)" >> "$OUT/windows"
    (load "${server##*:}" "$DURATION" --latency > "$file"; times > "$file.wrk-times")
    echo "$label $(date -u +%s.%N)" >> "$OUT/windows"
    cpu_sample "${pid_of[$label]}" > "$file.cpu-after"
    echo "$label $(date -u +%s.%N)" >> "$OUT/windows"
    paced "${server##*:}" "$DURATION" > "$OUT/$label-$round-paced.txt"
    echo "$label $(date -u +%s.%N)" >> "$OUT/windows"
    for result in "$file" "$OUT/$label-$round-paced.txt"; do
      non2xx=$(grep -oE 'Non-2xx or 3xx responses: [0-9]+' "$result" | grep -oE '[0-9]+$' || echo 0)
      [ "$non2xx" = "0" ] || { echo "$label: $non2xx responses were not 2xx" >&2; cat "$result" >&2; exit 1; }
    done
  done
done

# Exactness: once the load has stopped, every taobus server with a durable inbox drains to no pending
# delivery (within 2 minutes), has no dead one, and its recording handler ran no delivery twice.
exact() { # label port
  local api="http://127.0.0.1:$2/tao/deliveries" pending dead runs
  for _ in $(seq 1 240); do
    pending=$(curl -s -H 'Authorization: Bearer bench' "$api?status=pending&limit=1" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["deliveries"]))')
    [ "$pending" = 0 ] && break
    sleep 0.5
  done
  dead=$(curl -s -H 'Authorization: Bearer bench' "$api?status=dead&limit=500" | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["deliveries"]))')
  runs=$(curl -s "http://127.0.0.1:$2/bench/runs")
  echo "exactness $1: pending after the load $pending, dead $dead, handler runs $runs"
  [ "$pending" = 0 ] && [ "$dead" = 0 ] && python3 -c 'import json,sys; sys.exit(json.loads(sys.argv[1])["runTwice"] != 0)' "$runs" \
    || { echo "exactness $1: FAILED" >&2; EXACT_FAILED=1; }
}
EXACT_FAILED=0
for server in $SERVERS; do
  case ${server%%:*} in h2|postgres) exact "${server%%:*}" "${server##*:}" ;; esac
done

python3 - "$OUT" "$ROUNDS" "$SERVERS" "$PACED_RATE" "$(getconf CLK_TCK)" <<'PY'
import datetime, os, re, statistics, sys
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
def table(results, per_round):  # per_round: which figure of each round to list, and its format
    index, form = per_round
    print(f"{'':8} {'req/s (median)':>15} {'p50 ms':>8} {'p99 ms':>8}   {('req/s', 'p50', 'p99')[index]} per round")
    for label, rs in results.items():
        med = lambda i: statistics.median(r[i] for r in rs)
        print(f"{label:8} {med(0):15,.0f} {med(1):8.2f} {med(2):8.2f}   " + " ".join(format(r[index], form) for r in rs))
runs = {label: [parse(f"{out}/{label}-{r}.txt") for r in range(1, rounds + 1)] for label in labels}
table(runs, (0, ",.0f"))
def ratio(a, b):
    return statistics.median(x[0] / y[0] for x, y in zip(runs[a], runs[b]))
print(f"throughput ratio floor/bare:     {ratio('floor', 'bare'):.2f} (the framework on a delivery's path: Boot, Actuator, tracing)")
print(f"throughput ratio memory/floor:   {ratio('memory', 'floor'):.2f} (goal >= 0.60: taobus's own work, an inline and an async handler)")
for store in ("h2", "postgres"):
    if store in runs:
        p99 = statistics.median(r[2] for r in runs[store])
        print(f"throughput ratio {store}/memory: {ratio(store, 'memory'):>8.2f} (goal >= 0.70: storing before the ack); p99 {p99:.2f} ms (goal <= 25)")
paced = {label: [parse(f"{out}/{label}-{r}-paced.txt") for r in range(1, rounds + 1)] for label in labels}
print(f"paced (~{sys.argv[4]} req/s offered, 16 connections):")
table(paced, (2, ".2f"))
def p99_ratio(a, b):
    return statistics.median(x[2] / y[2] for x, y in zip(paced[a], paced[b]))
for label in labels:
    if label in ("memory", "h2", "postgres"):
        print(f"paced p99 ratio {label + '/floor:':17} {p99_ratio(label, 'floor'):.2f} (goal <= 2.0: tail latency with these JVM options)")
# issue 15's goals: taobus against what a user would write instead, each ratio the median of the rounds'
def per_round(a, b, results, i):
    return statistics.median(x[i] / y[i] for x, y in zip(results[a], results[b]))
print("taobus against the hand-written receivers (medians of the per-round ratios; the goals of issue 15):")
goals = [("postgres", "hand-pg", [("req/s", runs, 0, ">= 3"), ("saturated p99", runs, 2, "<= 1"),
                                  ("paced p50", paced, 1, "<= 1"), ("paced p99", paced, 2, "<= 1")]),
         ("h2", "hand-h2", [("req/s", runs, 0, ">= 3"), ("paced p99", paced, 2, "<= 1.5")]),
         ("memory", "bare", [("req/s", runs, 0, ">= 0.8"), ("saturated p99", runs, 2, "<= 2")])]
for a, b, figures in goals:
    if a in runs and b in runs:
        print(f"  {a + '/' + b + ':':18} " + ", ".join(f"{name} {per_round(a, b, results, i):.2f} (goal {goal})"
                                                  for name, results, i, goal in figures))
# young pauses within the measured runs, from each server's -Xlog:gc (utctime decoration)
windows = {}
marks = [line.split() for line in open(f"{out}/windows")]
for (label, start), (_, end) in zip(marks[0::2], marks[1::2]):
    windows.setdefault(label, []).append((float(start), float(end)))
pause = re.compile(r"^\[([^\]]+)\].*Pause Young.* ([\d.]+)ms$")
print(f"{'':8} {'young pauses':>12} {'per s':>6} {'p50 ms':>7} {'max ms':>7} {'paused %':>9}  (within the measured runs)")
for label in labels:
    spans = windows.get(label, [])
    measured = sum(end - start for start, end in spans)
    pauses = []
    for line in open(f"{out}/{label}-gc.log"):
        m = pause.match(line.strip())
        if m:
            at = datetime.datetime.strptime(m.group(1), "%Y-%m-%dT%H:%M:%S.%f%z").timestamp()
            if any(start <= at <= end for start, end in spans):
                pauses.append(float(m.group(2)))
    if pauses:
        print(f"{label:8} {len(pauses):12} {len(pauses) / measured:6.1f} {statistics.median(pauses):7.2f} "
              f"{max(pauses):7.2f} {100 * sum(pauses) / 1000 / measured:9.2f}")
    else:
        print(f"{label:8} {0:12}")
# the CPU split of each saturating run, in % of the machine's CPU time (all cores): the server's JVM, all
# postgres processes (a backend started during the run counts whole), wrk, every other process (the
# servers not under load among them) and the kernel, and idle
hz = int(sys.argv[5])
def sample(path):
    values = {}
    for line in open(path):
        key, *numbers = line.split()
        values[key] = [int(n) for n in numbers]
    return values
def split(label, r):
    base = f"{out}/{label}-{r}.txt"
    before, after = sample(base + ".cpu-before"), sample(base + ".cpu-after")
    total = after["machine"][0] - before["machine"][0]
    idle = after["machine"][1] - before["machine"][1]
    server = after["server"][0] - before["server"][0]
    postgres = sum(v[0] - before.get(k, [0])[0] for k, v in after.items() if k.startswith("postgres:"))
    children = open(base + ".wrk-times").read().splitlines()[1]
    wrk = sum(int(m) * 60 + float(s) for m, s in re.findall(r"(\d+)m([\d.]+)s", children)) * hz
    other = total - idle - server - postgres - wrk
    return [100 * x / total for x in (server, postgres, wrk, other, idle)]
print(f"{'':8} {'server %':>9} {'postgres %':>11} {'wrk %':>7} {'other %':>8} {'idle %':>7}  (CPU at saturation, medians, of {os.cpu_count()} cores)")
for label in labels:
    shares = [split(label, r) for r in range(1, rounds + 1)]
    print(f"{label:8} " + " ".join(f"{statistics.median(s[i] for s in shares):{w}.1f}" for i, w in enumerate((9, 11, 7, 8, 7))))
PY
[ "$EXACT_FAILED" = 0 ] || { echo "a durable server lost, dead-lettered or re-ran a delivery" >&2; exit 1; }
