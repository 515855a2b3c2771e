// tao.js's Kernel on the four-call cascade that bench/jmh's CascadeBenchmark.cascade measures
// (bench/jmh/io/taobus/bench/support/FourCallCascade.java): an AppCtx of App|Enter|Portal meets an
// intercept that proceeds, an async handler, and an inline handler that chains Session|Find|Portal,
// whose inline handler ends the cascade. Like the JMH benchmark, one batch sets BATCH cascades and
// waits until every one has finished, async handlers included (the JMH side waits for the kernel's
// awaitIdle), so the score is completed cascades per second. Prints one JSON line.
//
// Usage: node cascade.mjs [warmup iterations] [measured iterations] [seconds per iteration] [batch]
// (default 3 5 3 10000; CascadeBenchmark.cascadeBatch100 is the JMH side of batch 100)
// TAOJS_CORE=/path/to/index.js uses another copy of @tao.js/core (an ES module or CommonJS file
// exporting Kernel and AppCtx) instead of node_modules.
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';

const [warmups = 3, iterations = 5, seconds = 3, BATCH = 10_000] = process.argv.slice(2).map(Number);

const source = process.env.TAOJS_CORE ? pathToFileURL(process.env.TAOJS_CORE).href : '@tao.js/core';
const loaded = await import(source);
const { Kernel, AppCtx } = loaded.Kernel ? loaded : loaded.default;
const version = process.env.TAOJS_CORE
  ? `local:${process.env.TAOJS_CORE}`
  : createRequire(import.meta.url)('@tao.js/core/package.json').version;

const ENTER = { t: 'App', a: 'Enter', o: 'Portal' };
const FIND = { t: 'Session', a: 'Find', o: 'Portal' };

const kernel = new Kernel();
const enter = new AppCtx(ENTER.t, ENTER.a, ENTER.o, 'data');
const find = new AppCtx(FIND.t, FIND.a, FIND.o, 'next');

// The cascade is over when both its last inline handler and its async handler have run; the batch
// is over when all of its cascades are. Counting both is the tao.js counterpart of awaitIdle.
let calls = 0; // handler calls that saw their AppCtx's data, checked against the cascades run
let cascadesRun = 0;
let pending = 0;
let batchDone = () => {};
function ended() {
  if (--pending === 0) {
    batchDone();
  }
}
kernel.addInterceptHandler(ENTER, () => undefined);
kernel.addAsyncHandler(ENTER, (tao, data) => {
  calls += data.App === 'data' ? 1 : 0;
  ended();
});
kernel.addInlineHandler(ENTER, () => find);
kernel.addInlineHandler(FIND, (tao, data) => {
  calls += data.Session === 'next' ? 1 : 0;
  ended();
});

function batch() {
  pending = 2 * BATCH;
  const done = new Promise((resolve) => {
    batchDone = resolve;
  });
  for (let i = 0; i < BATCH; i++) {
    kernel.setAppCtx(enter);
  }
  return done;
}

async function iteration() {
  const deadline = process.hrtime.bigint() + BigInt(seconds * 1e9);
  const start = process.hrtime.bigint();
  let cascades = 0;
  let now = start;
  do {
    await batch();
    cascades += BATCH;
    cascadesRun += BATCH;
    now = process.hrtime.bigint();
  } while (now < deadline);
  return (cascades * 1e9) / Number(now - start);
}

for (let i = 0; i < warmups; i++) {
  await iteration();
}
const scores = [];
for (let i = 0; i < iterations; i++) {
  scores.push(await iteration());
}
if (calls !== 2 * cascadesRun) {
  throw new Error(`${cascadesRun} cascades made ${calls} checked handler calls, not ${2 * cascadesRun}`);
}
const mean = scores.reduce((a, b) => a + b, 0) / scores.length;
console.log(JSON.stringify({
  benchmark: 'tao.js four-call cascade',
  taojs: version,
  node: process.version,
  batch: BATCH,
  cascadesPerSecond: Math.round(mean),
  iterations: scores.map(Math.round),
}));
