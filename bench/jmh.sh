#!/usr/bin/env bash
# Runs the kernel's JMH benchmarks with the GC profiler and prints each score against its baseline,
# measured in the same run: cascade (a) against bare virtual threads doing the same calls, dispatch
# with 100 patterns (b) against dispatch with one, the bytes allocated per operation (c), and the
# ingestion of a signed 1 KB delivery without HTTP against the HMAC of its body.
# Usage: bench/jmh.sh [extra JMH arguments, e.g. -wi 3 -i 5]
set -euo pipefail
cd "$(dirname "$0")/.."
mkdir -p bench/results
out=bench/results/jmh-$(date +%Y%m%d-%H%M%S).json
./mvnw -q -B -Pbench -DskipTests test-compile exec:exec \
  -Djmh.args="-f 1 -wi 3 -i 5 -w 2s -r 3s -prof gc -rf json -rff $PWD/$out ${*:-} io.taobus.*Benchmark"
python3 - "$out" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))
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
if "CascadeBenchmark.cascade" in scores:
    print(f"cascade (a) / tao.js's 220,000 per second (the issue's figure, not measured here): "
          f"{scores['CascadeBenchmark.cascade']['primaryMetric']['score'] / 220000:.2f}")
PY
