#!/usr/bin/env bash
# tao.js's Kernel (@tao.js/core 0.20 from npm, in Node) on CascadeBenchmark's four-call cascade
# (bench/taojs/cascade.mjs): prints one JSON line with its completed cascades per second. bench/jmh.sh
# runs it before and after the JMH benchmarks and prints taobus / tao.js. The first run installs
# bench/taojs/node_modules (npm ci). TAOJS_CORE=/path/to/index.js measures another copy of
# @tao.js/core instead (an ES module or CommonJS file exporting Kernel and AppCtx).
# Usage: bench/taojs.sh [warm-up iterations] [measured iterations] [seconds per iteration] [batch]
# (default 3 5 3 10000: as JMH's -wi 3 -i 5 -r 3s on CascadeBenchmark.cascade's batches of 10,000)
set -euo pipefail
cd "$(dirname "$0")/taojs"
if [ $# -eq 0 ]; then
  set -- 3 5 3 10000
fi
if [ -z "${TAOJS_CORE:-}" ] && [ ! -f node_modules/@tao.js/core/package.json ]; then
  install=install
  if [ -f package-lock.json ]; then
    install=ci
  fi
  if ! npm "$install" --no-audit --no-fund >&2; then
    echo "bench/taojs.sh: @tao.js/core could not be installed from the npm registry; set TAOJS_CORE to the" \
      "index.js of a copy of @tao.js/core 0.20 (an ES module or CommonJS file exporting Kernel and AppCtx)" >&2
    exit 1
  fi
fi
exec node cascade.mjs "$@"
