import { test } from "node:test";
import assert from "node:assert/strict";
import fc from '../helpers/property';
import {
  formatBytes,
  formatCount,
  formatDuration,
  formatNumberExact,
  formatPercent,
  formatRate,
} from "../../src/estimate/human";

function table(fn: (n: number) => string, cases: readonly (readonly [number, string])[]): void {
  for (const [input, expected] of cases) {
    assert.equal(fn(input), expected, `${fn.name}(${input})`);
  }
}

test("classic interview figures", () => {
  // 100M DAU × 10 writes/day; 100M × 1000 reads/day; per second over 86,400 s.
  const writesPerDay = 100e6 * 10;
  const readsPerDay = 100e6 * 1000;
  const writesPerSecond = writesPerDay / 86_400;
  const readsPerSecond = readsPerDay / 86_400;
  assert.equal(formatCount(writesPerDay), "1B");
  assert.equal(formatCount(readsPerDay), "100B");
  assert.equal(formatRate(writesPerSecond), "11.6k/s");
  assert.equal(formatRate(readsPerSecond), "1.16M/s");
  assert.equal(formatNumberExact(Math.floor(writesPerSecond)), "11,574");
  assert.equal(formatNumberExact(Math.floor(readsPerSecond)), "1,157,407");
  assert.equal(formatNumberExact(writesPerSecond, 2), "11,574.07");
  // 500 B × 1 billion + 2 MB × 100 million = 0.5 TB + 200 TB.
  const storagePerDay = 500 * writesPerDay + 2e6 * writesPerDay * 0.1;
  assert.equal(formatBytes(500 * writesPerDay), "500 GB");
  assert.equal(formatBytes(storagePerDay), "200.5 TB");
  assert.equal(formatBytes(storagePerDay) + "/day", "200.5 TB/day");
  // 10,000 req/s × 10 ms = 100 cores.
  assert.equal(formatDuration(0.01), "10 ms");
  assert.equal(formatCount(10_000 * 0.01), "100");
});

test("formatCount", () => {
  table(formatCount, [
    [0, "0"],
    [-0, "0"],
    [1, "1"],
    [7.5, "7.5"],
    [12.345, "12.3"],
    [0.5, "0.5"],
    [0.001234, "0.00123"],
    [1e-7, "0.0000001"],
    [950, "950"],
    [999, "999"],
    [999.6, "1k"],
    [1000, "1k"],
    [1500, "1.5k"],
    [11_574, "11.6k"],
    [11_574.074074, "11.6k"],
    [100_000, "100k"],
    [999_950, "1M"],
    [1_157_407, "1.16M"],
    [1e9, "1B"],
    [2.5e9, "2.5B"],
    [1e11, "100B"],
    [1e12, "1T"],
    [1.5e15, "1500T"],
    [-11_574, "-11.6k"],
    [-0.5, "-0.5"],
    [NaN, "—"],
    [Infinity, "∞"],
    [-Infinity, "-∞"],
  ]);
});

test("formatRate", () => {
  table(formatRate, [
    [0, "0/s"],
    [11_574.07, "11.6k/s"],
    [1_157_407.4, "1.16M/s"],
    [0.0116, "0.0116/s"],
    [250, "250/s"],
    [-3, "-3/s"],
    [NaN, "—"],
    [Infinity, "∞"],
  ]);
});

test("formatBytes (decimal units)", () => {
  table(formatBytes, [
    [0, "0 B"],
    [1, "1 B"],
    [500, "500 B"],
    [999, "999 B"],
    [999.96, "1 KB"],
    [1000, "1 KB"],
    [1024, "1 KB"],
    [1536, "1.5 KB"],
    [2e6, "2 MB"],
    [1.25e9, "1.3 GB"],
    [500e9, "500 GB"],
    [1e12, "1 TB"],
    [200.5e12, "200.5 TB"],
    [999.96e12, "1 PB"],
    [365.9125e15, "365.9 PB"],
    [2e18, "2 EB"],
    [-2e6, "-2 MB"],
    [NaN, "—"],
    [Infinity, "∞"],
  ]);
});

test("formatDuration", () => {
  table(formatDuration, [
    [0, "0 s"],
    [0.5e-9, "0.5 ns"],
    [100e-9, "100 ns"],
    [1e-6, "1 µs"],
    [0.0005, "500 µs"],
    [0.0009996, "1 ms"],
    [0.001, "1 ms"],
    [0.01, "10 ms"],
    [0.0123, "12.3 ms"],
    [0.25, "250 ms"],
    [1, "1 s"],
    [1.5, "1.5 s"],
    [45.678, "45.7 s"],
    [59.999, "1 min"],
    [60, "1 min"],
    [90, "1.5 min"],
    [600, "10 min"],
    [3600, "1 h"],
    [5400, "1.5 h"],
    [86_400, "1 d"],
    [86_400 * 365, "365 d"],
    [86_400 * 1825, "1825 d"],
    [-0.01, "-10 ms"],
    [NaN, "—"],
    [Infinity, "∞"],
    [-Infinity, "-∞"],
  ]);
});

test("formatPercent (no space)", () => {
  table(formatPercent, [
    [0, "0%"],
    [1, "100%"],
    [1.3, "130%"],
    [0.8, "80%"],
    [0.07, "7%"],
    [0.12345, "12.3%"],
    [0.5, "50%"],
    [0.0004, "0.04%"],
    [0.99996, "99.996%"],
    [0.9999999999999999, "99.99%"],
    [12.345, "1235%"],
    [-0.25, "-25%"],
    [NaN, "—"],
    [Infinity, "∞"],
  ]);
});

test("formatNumberExact", () => {
  table(formatNumberExact, [
    [0, "0"],
    [-0, "0"],
    [7, "7"],
    [999, "999"],
    [1000, "1,000"],
    [86_400, "86,400"],
    [1_157_407, "1,157,407"],
    [1e9, "1,000,000,000"],
    [100e9, "100,000,000,000"],
    [1e21, "1,000,000,000,000,000,000,000"],
    [-1_157_407, "-1,157,407"],
    [1234.5, "1,234.5"],
    [1e-7, "0.0000001"],
    [NaN, "—"],
    [Infinity, "∞"],
  ]);
  assert.equal(formatNumberExact(11_574.074074074075), "11,574.074074074075");
  assert.equal(formatNumberExact(11_574.074074074075, 2), "11,574.07");
  assert.equal(formatNumberExact(11_574.5, 0), "11,575");
  assert.equal(formatNumberExact(0.1, 3), "0.1");
  assert.equal(formatNumberExact(-0.001, 2), "0");
});

test("property: every formatter returns a non-empty string with no exponent for finite input", () => {
  fc.assert(
    fc.property(fc.double({ min: -1e20, max: 1e20, noNaN: true }), (n) => {
      for (const f of [formatCount, formatRate, formatBytes, formatDuration, formatPercent]) {
        const s = f(n);
        if (s.length === 0 || /e[+-]?\d/.test(s) || s.includes("NaN")) return false;
      }
      return true;
    }),
    { numRuns: 1000 },
  );
});

test("property: formatNumberExact round-trips integers", () => {
  fc.assert(
    fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
      const s = formatNumberExact(n);
      return Number(s.replace(/,/g, "")) === (n === 0 ? 0 : n) && !/\d{4}/.test(s);
    }),
  );
});

test("property: formatCount keeps the sign and 3 significant digits", () => {
  fc.assert(
    fc.property(fc.double({ min: 1, max: 1e14, noNaN: true }), (n) => {
      const s = formatCount(n);
      const m = /^(\d+(?:\.\d+)?)([kMBT]?)$/.exec(s);
      if (!m) return false;
      const digits = m[1].replace(".", "").replace(/^0+/, "");
      const neg = formatCount(-n);
      return digits.length <= 3 && neg === "-" + s;
    }),
    { numRuns: 1000 },
  );
});
