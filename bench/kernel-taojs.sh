#!/usr/bin/env bash
# The kernel against tao.js 0.20 on the same four-call cascade (issue 15's goal: >= 4.5x), in interleaved
# rounds, since the shared machine's stalls swing the kernel (two carrier threads) far more than Node (one
# thread): each round runs tao.js (bench/taojs.sh) at batches of 10, 100 and 10,000 and the kernel's
# CascadeBenchmark.cascade (batches of 10,000) and cascadeBatch100 (a JMH fork of its own), tao.js first in
# odd rounds and the kernel first in even ones. Prints per round and as medians over the rounds:
#   - the same batch of 100, and the same batch of 10,000;
#   - best against best: the kernel's better batch size against tao.js's best of its three.
# Usage: [ROUNDS=5] [JMH_ARGS='-f 1 -wi 2 -i 3 -w 1s -r 2s'] [TAOJS_ARGS='2 3 2'] [TAOJS_CORE=...] bench/kernel-taojs.sh
#   TAOJS_ARGS: bench/taojs.sh's warm-up iterations, measured iterations and seconds per iteration
set -euo pipefail
cd "$(dirname "$0")/.."
ROUNDS=${ROUNDS:-5}
JMH_ARGS=${JMH_ARGS:--f 1 -wi 2 -i 3 -w 1s -r 2s}
TAOJS_ARGS=${TAOJS_ARGS:-2 3 2}
JAVA=${JAVA_HOME:+$JAVA_HOME/bin/}java
out=target/kernel-taojs/$(date +%Y%m%d-%H%M%S)
mkdir -p "$out"
./mvnw -q -B -o -Pbench -DskipTests test-compile dependency:build-classpath \
  -Dmdep.outputFile=target/bench.classpath >&2
classpath="target/test-classes:target/classes:$(cat target/bench.classpath)"

for round in $(seq 1 "$ROUNDS"); do
  sides="taojs taobus"
  [ $((round % 2)) = 0 ] && sides="taobus taojs"
  for side in $sides; do
    echo "== round $round: $side" >&2
    if [ "$side" = taojs ]; then
      for batch in 10 100 10000; do
        # shellcheck disable=SC2086 # TAOJS_ARGS is a list of numbers
        bench/taojs.sh $TAOJS_ARGS "$batch" >> "$out/taojs-$round.jsonl"
      done
    else
      # shellcheck disable=SC2086 # JMH_ARGS is a list of arguments
      "$JAVA" -cp "$classpath" org.openjdk.jmh.Main $JMH_ARGS -rf json -rff "$PWD/$out/taobus-$round.json" \
        'io.taobus.bench.CascadeBenchmark.(cascade|cascadeBatch100)$' > "$out/taobus-$round.log" 2>&1 \
        || { tail -40 "$out/taobus-$round.log" >&2; exit 1; }
    fi
  done
done

python3 - "$out" "$ROUNDS" "$(git rev-parse --short HEAD)$(git diff --quiet HEAD -- src || echo +)" <<'PY'
import json, statistics, sys
out, rounds, head = sys.argv[1], int(sys.argv[2]), sys.argv[3]
rows = []
for r in range(1, rounds + 1):
    taobus = {run["benchmark"].rsplit(".", 1)[-1]: run["primaryMetric"]["score"]
              for run in json.load(open(f"{out}/taobus-{r}.json"))}
    taojs = {run["batch"]: run["cascadesPerSecond"] for run in map(json.loads, open(f"{out}/taojs-{r}.jsonl"))}
    rows.append((taobus["cascade"], taobus["cascadeBatch100"], taojs[10], taojs[100], taojs[10000]))
print(f"kernel at {head}, tao.js {json.loads(open(f'{out}/taojs-1.jsonl').readline())['taojs']}; results in {out}")
print(f"{'round':>5} {'taobus 10k':>11} {'taobus 100':>11} {'tao.js 10':>10} {'tao.js 100':>10} {'tao.js 10k':>10}"
      f" {'same 100':>9} {'same 10k':>9} {'best/best':>9}")
ratios = {"same 100": [], "same 10k": [], "best/best": []}
for r, (t10k, t100, j10, j100, j10k) in enumerate(rows, 1):
    same100, same10k, best = t100 / j100, t10k / j10k, max(t10k, t100) / max(j10, j100, j10k)
    for name, value in zip(ratios, (same100, same10k, best)):
        ratios[name].append(value)
    print(f"{r:5} {t10k:11,.0f} {t100:11,.0f} {j10:10,.0f} {j100:10,.0f} {j10k:10,.0f}"
          f" {same100:9.2f} {same10k:9.2f} {best:9.2f}")
for name, values in ratios.items():
    print(f"{name}: median {statistics.median(values):.2f} (rounds {', '.join(f'{v:.2f}' for v in values)});"
          f" goal >= 4.5")
PY
