#!/usr/bin/env bash
# The embedded store's file size against its live data through retention (H2FileGrowth): without and
# with a CHECKPOINT after each retention round. Usage: bench/h2-growth.sh [deliveries, default 200000]
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -q -B -Pbench -DskipTests test-compile dependency:build-classpath -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench-classpath.txt
cp="target/test-classes:target/classes:$(cat target/bench-classpath.txt)"
for mode in plain checkpoint; do
  echo "== $mode"
  java -cp "$cp" io.taobus.inbox.H2FileGrowth "${1:-200000}" "$mode"
done
