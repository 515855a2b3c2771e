#!/usr/bin/env bash
# The kernel against an earlier revision of itself (issue 18 item 1: cascades that use no Channel,
# Transponder or Transceiver keep >= 0.97x the throughput they had before it): builds the bench classpath
# of BASE (default 34d062a^, the kernel before Channel) from git archive into target/kernel-ab, and that
# of the working tree, then runs CascadeBenchmark.cascade and cascadeBatch100 with the GC profiler, base
# and head alternately in ROUNDS rounds (base first in odd rounds, head first in even ones; each run a
# JMH fork of its own per benchmark, JMH_ARGS). Prints per round and per benchmark the head/base
# throughput ratio and both B/op, then the median ratio against the goal.
# The machine is shared and noisy: only figures of the same run are compared.
# Usage: [BASE=34d062a^] [ROUNDS=3] [JMH_ARGS='-f 1 -wi 3 -i 4 -w 2s -r 3s'] [BENCHMARKS=cascadeBatch100] bench/kernel-ab.sh
#   BENCHMARKS: a regexp of the CascadeBenchmark methods to run (default both: cascade(Batch100)?)
set -euo pipefail
cd "$(dirname "$0")/.."
BASE=${BASE:-34d062a^}
ROUNDS=${ROUNDS:-3}
JMH_ARGS=${JMH_ARGS:--f 1 -wi 3 -i 4 -w 2s -r 3s}
BENCHMARKS="io.taobus.bench.CascadeBenchmark.(${BENCHMARKS:-cascade(Batch100)?})\$"
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
base_sha=$(git rev-parse --short "$BASE")
base_dir=target/kernel-ab/base-$base_sha
out=target/kernel-ab/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"

# the classpath of a checkout of taobus, built offline with the bench profile
classpath() {
  (cd "$1" && ./mvnw -q -B -o -Pbench -DskipTests test-compile dependency:build-classpath \
    -Dmdep.outputFile=target/bench.classpath >&2)
  echo "$1/target/test-classes:$1/target/classes:$(cat "$1/target/bench.classpath")"
}
if [ ! -f "$base_dir/target/bench.classpath" ]; then
  rm -rf "$base_dir" && mkdir -p "$base_dir"
  git archive "$BASE" | tar -x -C "$base_dir"
fi
base_cp=$(classpath "$base_dir")
head_cp=$(classpath "$PWD")

for round in $(seq 1 "$ROUNDS"); do
  sides="base head"
  [ $((round % 2)) = 0 ] && sides="head base" # ABBA, so that a drift of the machine favours neither
  for side in $sides; do
    cp_var=${side}_cp
    echo "== round $round: $side" >&2
    # shellcheck disable=SC2086 # JMH_ARGS is a list of arguments
    "$JAVA" -cp "${!cp_var}" org.openjdk.jmh.Main $JMH_ARGS -prof gc -rf json \
      -rff "$PWD/$out/$side-$round.json" "$BENCHMARKS" > "$out/$side-$round.log" 2>&1 \
      || { tail -40 "$out/$side-$round.log" >&2; exit 1; }
  done
done

python3 - "$out" "$ROUNDS" "$base_sha" "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo +)" <<'PY'
import json, statistics, sys
out, rounds, base, head = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
def load(side, r):
    scores = {}
    for run in json.load(open(f"{out}/{side}-{r}.json")):
        m = run["secondaryMetrics"]
        alloc = m.get("·gc.alloc.rate.norm", m.get("gc.alloc.rate.norm", {})).get("score", float("nan"))
        scores[run["benchmark"].rsplit(".", 1)[-1]] = (run["primaryMetric"]["score"], alloc)
    return scores
results = [(load("base", r), load("head", r)) for r in range(1, rounds + 1)]
print(f"base {base}, head {head}, results in {out}")
print(f"{'benchmark':16} {'round':>5} {'base ops/s':>12} {'head ops/s':>12} {'head/base':>9} {'base B/op':>10} {'head B/op':>10}")
for name in ("cascade", "cascadeBatch100"):
    if name not in results[0][0]:
        continue
    ratios = []
    for r, (b, h) in enumerate(results, 1):
        ratio = h[name][0] / b[name][0]
        ratios.append(ratio)
        print(f"{name:16} {r:5} {b[name][0]:12,.0f} {h[name][0]:12,.0f} {ratio:9.3f} {b[name][1]:10,.0f} {h[name][1]:10,.0f}")
    median = statistics.median(ratios)
    verdict = "met" if median >= 0.97 else "not met"
    print(f"{name}: median head/base {median:.3f} (rounds {', '.join(f'{x:.3f}' for x in ratios)}); "
          f"goal >= 0.97: {verdict}")
PY
