import { test } from "node:test";
import assert from "node:assert/strict";
import fc from '../helpers/property';
import { erlangB, erlangC, mm1, mmc, tandemResponse } from "../../src/estimate/queueing";

function assertRelClose(actual: number, expected: number, rel: number, msg?: string): void {
  if (actual === expected) return;
  // Probabilities that underflow (e.g. c = 1000 at ρ = 0.1) are compared absolutely.
  const scale = Math.abs(expected) < 1e-290 ? 1 : Math.abs(expected);
  const err = Math.abs(actual - expected) / scale;
  assert.ok(err <= rel, `${msg ?? ""} expected ${expected}, got ${actual} (relative error ${err} > ${rel})`);
}

/**
 * Independent reference for Erlang C from its textbook definition,
 * C = [a^c/c! · c/(c−a)] / [Σ_{k<c} a^k/k! + a^c/c! · c/(c−a)],
 * evaluated in log space with log-sum-exp so that large c does not overflow.
 */
function erlangCReference(c: number, a: number): number {
  const logTerms: number[] = [];
  let logTerm = 0; // log(a^k / k!) for k = 0
  for (let k = 0; k < c; k++) {
    logTerms.push(logTerm);
    logTerm += Math.log(a) - Math.log(k + 1);
  }
  const logLast = logTerm + Math.log(c) - Math.log(c - a);
  const max = Math.max(logLast, ...logTerms);
  let sum = 0;
  for (const t of logTerms) sum += Math.exp(t - max);
  const last = Math.exp(logLast - max);
  return last / (sum + last);
}

test("Erlang C: published value c=4, a=3 is 0.5094", () => {
  assert.equal(Number(erlangC(4, 3).toFixed(4)), 0.5094);
});

test("Erlang C: c=1 reduces to ρ", () => {
  for (const rho of [0.01, 0.1, 0.5, 0.9, 0.99, 0.999999]) {
    assertRelClose(erlangC(1, rho), rho, 1e-14, `rho=${rho}`);
  }
});

test("Erlang C: c=2, a=1 is 1/3", () => {
  assertRelClose(erlangC(2, 1), 1 / 3, 1e-15);
});

test("Erlang B: small published values", () => {
  // B(1, a) = a/(1+a); B(2, 1) = 1/5; B(4, 3) ≈ 0.2061
  assertRelClose(erlangB(1, 3), 3 / 4, 1e-15);
  assertRelClose(erlangB(2, 1), 1 / 5, 1e-15);
  assert.equal(Number(erlangB(4, 3).toFixed(4)), 0.2061);
  assert.equal(erlangB(0, 5), 1);
  assert.equal(erlangB(3, 0), 0);
});

test("Erlang C: large c (c=500, a=480) is finite, in (0,1) and matches the log-space definition", () => {
  const p = erlangC(500, 480);
  assert.ok(Number.isFinite(p));
  assert.ok(p > 0 && p < 1, `got ${p}`);
  assertRelClose(p, erlangCReference(500, 480), 1e-9);
});

test("Erlang C: agrees with the definition across c and loads close to c", () => {
  for (const c of [1, 2, 3, 10, 50, 200, 1000]) {
    for (const rho of [0.1, 0.5, 0.8, 0.95, 0.999]) {
      const a = rho * c;
      assertRelClose(erlangC(c, a), erlangCReference(c, a), 1e-9, `c=${c} a=${a}`);
    }
  }
});

test("Erlang C: very large c near saturation matches Halfin–Whitt", () => {
  // c = a + β√a with a = 10,000 and β = 1: C → 1 / (1 + β·Φ(β)/φ(β)) ≈ 0.2234,
  // with an O(1/√a) correction, so a 0.01 absolute tolerance.
  const phi1 = Math.exp(-0.5) / Math.sqrt(2 * Math.PI);
  const Phi1 = 0.8413447460685429;
  const limit = 1 / (1 + Phi1 / phi1);
  const p = erlangC(10100, 10000);
  assert.ok(Math.abs(p - limit) < 0.01, `got ${p}, limit ${limit}`);
  // Within a hair of c it is still a probability, and close to 1.
  const q = erlangC(10000, 9999.999);
  assert.ok(q > 0.99 && q <= 1, `got ${q}`);
});

test("Erlang C: 1 when a ≥ c, 0 when a = 0", () => {
  assert.equal(erlangC(4, 4), 1);
  assert.equal(erlangC(4, 5), 1);
  assert.equal(erlangC(4, Infinity), 1);
  assert.equal(erlangC(4, 0), 0);
  assert.equal(erlangC(0, 0), 1);
});

test("invalid arguments throw RangeError", () => {
  assert.throws(() => erlangC(2.5, 1), RangeError);
  assert.throws(() => erlangC(-1, 1), RangeError);
  assert.throws(() => erlangC(2, -1), RangeError);
  assert.throws(() => erlangC(2, NaN), RangeError);
  assert.throws(() => erlangB(NaN, 1), RangeError);
  assert.throws(() => mmc(1, 0, 1), RangeError);
  assert.throws(() => mmc(1, -2, 1), RangeError);
  assert.throws(() => mmc(NaN, 2, 1), RangeError);
  assert.throws(() => mmc(-1, 2, 1), RangeError);
  assert.throws(() => mmc(1, 2, 1.5), RangeError);
});

test("mmc with c=1 matches the M/M/1 closed forms to 1e-12 relative", () => {
  const mu = 100;
  for (const lambda of [1, 10, 50, 90, 99, 99.9, 99.99999]) {
    const m = mmc(lambda, mu, 1);
    const rho = lambda / mu;
    assert.equal(m.stable, true);
    assertRelClose(m.meanResponse, 1 / (mu - lambda), 1e-12, `W λ=${lambda}`);
    assertRelClose(m.meanWait, rho / (mu - lambda), 1e-12, `Wq λ=${lambda}`);
    assertRelClose(m.meanInSystem, rho / (1 - rho), 1e-9, `L λ=${lambda}`);
    assertRelClose(m.utilization, rho, 1e-15);
    assertRelClose(m.probWait, rho, 1e-12);
    assert.deepEqual(mm1(lambda, mu), m);
  }
});

test("mmc: c=2, λ=1, μ=1 gives Wq = 1/3, W = 4/3", () => {
  const m = mmc(1, 1, 2);
  assertRelClose(m.probWait, 1 / 3, 1e-15);
  assertRelClose(m.meanWait, 1 / 3, 1e-15);
  assertRelClose(m.meanResponse, 4 / 3, 1e-15);
  assertRelClose(m.utilization, 0.5, 1e-15);
});

test("Little's law holds exactly: L = λW and Lq = λWq", () => {
  for (const [lambda, mu, c] of [
    [5, 2, 3],
    [480, 1, 500],
    [9_990, 100, 100],
    [0.3, 1, 1],
  ] as const) {
    const m = mmc(lambda, mu, c);
    assert.equal(m.meanInSystem, lambda * m.meanResponse);
    assert.equal(m.meanInQueue, lambda * m.meanWait);
    assert.equal(m.meanResponse, m.meanWait + 1 / mu);
    // L − Lq = λ/μ = a, the mean number in service.
    assertRelClose(m.meanInSystem - m.meanInQueue, lambda / mu, 1e-9);
  }
});

test("idle station: no waiting, response is the service time", () => {
  const m = mmc(0, 4, 3);
  assert.deepEqual(m, {
    utilization: 0,
    probWait: 0,
    meanWait: 0,
    meanResponse: 0.25,
    meanInSystem: 0,
    meanInQueue: 0,
    stable: true,
  });
});

test("unstable stations report Infinity and stable=false", () => {
  for (const [lambda, mu, c] of [
    [100, 100, 1], // exactly at capacity
    [130, 100, 1],
    [10_001, 100, 100],
    [1, 1, 0], // no servers
  ] as const) {
    const m = mmc(lambda, mu, c);
    assert.equal(m.stable, false);
    assert.equal(m.probWait, 1);
    assert.equal(m.meanWait, Infinity);
    assert.equal(m.meanResponse, Infinity);
    assert.equal(m.meanInSystem, Infinity);
    assert.equal(m.meanInQueue, Infinity);
  }
  assertRelClose(mmc(130, 100, 1).utilization, 1.3, 1e-15);
  assert.equal(mmc(1, 1, 0).utilization, Infinity);
  assert.equal(tandemResponse([{ lambda: 1, mu: 10, c: 1 }, { lambda: 20, mu: 10, c: 2 }]), Infinity);
});

test("tandemResponse sums the stations' mean responses (Jackson network)", () => {
  assert.equal(tandemResponse([]), 0);
  const lambda = 50;
  const stations = [
    { lambda, mu: 100, c: 1 },
    { lambda, mu: 80, c: 1 },
    { lambda: lambda * 0.2, mu: 20, c: 1 }, // behind a cache with hit ratio 0.8
  ];
  const expected = 1 / (100 - 50) + 1 / (80 - 50) + 1 / (20 - 10);
  assertRelClose(tandemResponse(stations), expected, 1e-12);
  const multi = [
    { lambda: 3, mu: 1, c: 4 },
    { lambda: 1, mu: 1, c: 2 },
  ];
  assertRelClose(tandemResponse(multi), mmc(3, 1, 4).meanResponse + 4 / 3, 1e-15);
});

test("property: erlangC is a probability and non-decreasing in the offered load", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 600 }),
      fc.double({ min: 0, max: 1.2, noNaN: true }),
      fc.double({ min: 0, max: 1.2, noNaN: true }),
      (c, r1, r2) => {
        const [lo, hi] = r1 <= r2 ? [r1 * c, r2 * c] : [r2 * c, r1 * c];
        const pLo = erlangC(c, lo);
        const pHi = erlangC(c, hi);
        return pLo >= 0 && pLo <= 1 && pHi >= 0 && pHi <= 1 && pLo <= pHi + 1e-12;
      },
    ),
    { numRuns: 500 },
  );
});

test("property: erlangB is a probability, decreasing in c, and below erlangC", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 400 }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      (c, rho) => {
        const a = rho * c;
        const b = erlangB(c, a);
        return b >= 0 && b <= 1 && erlangB(c + 1, a) <= b && b <= erlangC(c, a) + 1e-15;
      },
    ),
    { numRuns: 300 },
  );
});

test("property: stable M/M/c has meanResponse ≥ 1/μ and Little's law", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 300 }),
      fc.double({ min: 1e-3, max: 1e4, noNaN: true }),
      fc.double({ min: 0, max: 0.9999, noNaN: true }),
      (c, mu, rho) => {
        const lambda = rho * c * mu;
        const m = mmc(lambda, mu, c);
        return (
          m.stable &&
          m.meanResponse >= 1 / mu &&
          m.meanWait >= 0 &&
          m.meanInSystem === lambda * m.meanResponse &&
          m.meanInQueue === lambda * m.meanWait
        );
      },
    ),
    { numRuns: 500 },
  );
});

test("property: more servers never increase the mean response time", () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 200 }),
      fc.double({ min: 0, max: 0.999, noNaN: true }),
      (c, rho) => {
        const lambda = rho * c; // μ = 1
        return mmc(lambda, 1, c + 1).meanResponse <= mmc(lambda, 1, c).meanResponse * (1 + 1e-12);
      },
    ),
    { numRuns: 300 },
  );
});
