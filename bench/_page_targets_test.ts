import assert from "node:assert/strict";
import {
  pageVerdicts,
  type RoundMeasure,
  rowMedians,
} from "./_page_targets.ts";

const page = (
  rps: number,
  serverCpuMs: number,
  postgresCpuMs: number | null,
  p99At10Ms: number,
) => ({ rps, p50Ms: 1, p99Ms: 2, p99At10Ms, serverCpuMs, postgresCpuMs });

Deno.test("pageVerdicts: issue 17's targets as ratios to the floor", () => {
  const floor = page(1000, 0.3, 0.5, 10);
  const met = pageVerdicts({
    floor,
    detail: page(600, 0.55, 0.6, 20),
    list: page(500, 0.6, 0.6, 19),
  });
  assert.deepEqual(met.map((v) => v.met), [true, true, true, true, true, true]);
  const missed = pageVerdicts({
    floor,
    detail: page(599, 0.56, 0.6, 20.1),
    list: page(499, 0.6, 0.61, 30),
  });
  assert.deepEqual(
    missed.map((v) => v.met),
    [false, false, false, false, false, false],
  );
  assert.match(missed[0].measured, /0\.60× \(599 vs 1,000 req\/s\)/);
  assert.match(missed[3].margin, /2 % over/);
});

Deno.test("pageVerdicts: without PostgreSQL figures that target is left out; NaN is not met", () => {
  const v = pageVerdicts({
    floor: page(1000, 0.3, null, 10),
    detail: page(900, NaN, null, 5),
    list: page(900, 0.3, null, 5),
  });
  assert.equal(v.length, 5);
  assert.equal(v[1].met, false);
  assert.match(v[1].margin, /not measured/);
});

Deno.test("rowMedians: the median of each figure, rounds without requests left out", () => {
  const round = (
    rps: number,
    cpu: number,
    pg: number | null,
  ): RoundMeasure => ({
    rps,
    p50Ms: rps / 100,
    p99Ms: 2,
    p99At10Ms: 3,
    requests: rps * 10,
    serverCpuMs: cpu,
    postgresCpuMs: pg,
    backends: 1,
  });
  const m = rowMedians([
    round(100, 1.2, 0.5),
    round(300, 0.9, null),
    round(200, NaN, 0.7),
  ]);
  assert.equal(m.rps, 200);
  assert.equal(m.serverCpuMs, (1.2 + 0.9) / 2);
  assert.equal(m.postgresCpuMs, 0.6);
});
