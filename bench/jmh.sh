#!/usr/bin/env bash
# Runs the kernel's JMH benchmarks with the GC profiler and prints each score against its baseline,
# measured in the same run: cascade (a) against bare virtual threads doing the same calls, dispatch
# with 100 patterns (b) against dispatch with one, the bytes allocated per operation (c), and the
# ingestion of a signed 1 KB delivery without HTTP against the HMAC of its body. Cascade (a) is also
# compared with tao.js 0.20 on the same cascade in Node (bench/taojs.sh), run before and after JMH.
# Usage: [BENCHMARKS=regexp] [TAOJS=0] bench/jmh.sh [extra JMH arguments, e.g. -wi 3 -i 5]
#   BENCHMARKS: the benchmarks to run (default io.taobus.*Benchmark; CascadeBenchmark.cascade for the ratio alone)
#   TAOJS=0: skip tao.js; TAOJS_ARGS: bench/taojs.sh's first three arguments (default 3 5 3, as -wi 3 -i 5 -r 3s)
# tao.js runs at both batch sizes of CascadeBenchmark: cascade (10,000 set, then wait) and cascadeBatch100.
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
stamp=$(date +%Y%m%d-%H%M%S)
out=bench/results/jmh-$stamp.json
taojs() {
  if [ "${TAOJS:-1}" != 0 ]; then
    for batch in 10000 100; do
      # shellcheck disable=SC2086 # TAOJS_ARGS is a list of numbers
      bench/taojs.sh ${TAOJS_ARGS:-3 5 3} "$batch" 2>>"bench/results/taojs-$stamp.log" \
        || echo "tao.js not measured: see bench/results/taojs-$stamp.log" >&2
    done
  fi
}
taojs_before=$(taojs)
./mvnw -q -B -Pbench -DskipTests test-compile exec:exec \
  -Djmh.args="-f 1 -wi 3 -i 5 -w 2s -r 3s -prof gc -rf json -rff $PWD/$out ${*:-} ${BENCHMARKS:-io.taobus.*Benchmark}"
taojs_after=$(taojs)
python3 - "$out" "$taojs_before" "$taojs_after" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
taojs = [json.loads(line) for arg in sys.argv[2:] for line in arg.splitlines() if line.strip()]
def key(r):
    name = r["benchmark"].rsplit(".", 2)
    return name[-2] + "." + name[-1] + "".join(f"[{k}={v}]" for k, v in r.get("params", {}).items())
scores = {key(r): r for r in runs}
print(f"{'benchmark':50} {'ops/s':>14} {'± error':>12} {'B/op':>10}")
for k, r in scores.items():
    m = r["primaryMetric"]
    alloc = r.get("secondaryMetrics", {}).get("·gc.alloc.rate.norm", r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {})).get("score", float("nan"))
    print(f"{k:50} {m['score']:14,.0f} {m['scoreError']:12,.0f} {alloc:10,.0f}")
def ratio(a, b, label):
    if a in scores and b in scores:
        print(f"{label}: {scores[a]['primaryMetric']['score'] / scores[b]['primaryMetric']['score']:.2f}")
ratio("CascadeBenchmark.cascade", "CascadeBenchmark.baselineBareVirtualThreads", "cascade (a) / bare virtual threads")
ratio("DispatchBenchmark.dispatch[patterns=100]", "DispatchBenchmark.dispatch[patterns=1]", "dispatch (b) 100 patterns / 1 pattern")
if "IngestionBenchmark.ingest" in scores:
    ingest = scores["IngestionBenchmark.ingest"]["primaryMetric"]["score"]
    hmac = scores["IngestionBenchmark.baselineHmacOfTheBody"]["primaryMetric"]["score"]
    print(f"ingestion of a signed 1 KB delivery: {1e6 / ingest:.2f} us; its HMAC alone: {1e6 / hmac:.2f} us "
          f"(ratio {ingest / hmac:.2f})")
for run in taojs:
    print(f"tao.js {run['taojs']} (Node {run['node']}), same cascade, batches of {run['batch']:,}: "
          f"{run['cascadesPerSecond']:,} cascades/s (iterations {', '.join(f'{i:,}' for i in run['iterations'])})")
for name, batch in (("CascadeBenchmark.cascade", 10000), ("CascadeBenchmark.cascadeBatch100", 100)):
    runs_at = [run for run in taojs if run["batch"] == batch]
    if name in scores and runs_at:
        cascade = scores[name]["primaryMetric"]["score"]
        each = [cascade / run["cascadesPerSecond"] for run in runs_at]
        mean = sum(run["cascadesPerSecond"] for run in runs_at) / len(runs_at)
        print(f"cascade (a), batches of {batch:,} / tao.js: {cascade / mean:.2f} (against each tao.js run: "
              f"{', '.join(f'{r:.2f}' for r in each)}; issue 15's goal: >= 4.5)")
PY
