/**
 * Human-readable numbers for the CLI's text output, hovers and inlay hints.
 *
 * Conventions, shared by every formatter:
 * - NaN → "—"; +Infinity → "∞"; −Infinity → "-∞" (no unit);
 * - negative values get a leading "-", and −0 is shown as 0;
 * - trailing zeros after the decimal point are dropped ("1B", not "1.00B");
 * - a value that rounds up to the next unit moves to it (999,950 → "1M");
 * - units are decimal (powers of 10), as in back-of-the-envelope estimates.
 * Spacing: counts and rates attach their suffix ("11.6k", "11.6k/s"), as does
 * a percentage ("130%"); bytes and durations put a space before the unit
 * ("200.5 TB", "10 ms").
 */

function nonFinite(n: number): string | undefined {
  if (Number.isNaN(n)) return "—";
  if (n === Infinity) return "∞";
  if (n === -Infinity) return "-∞";
  return undefined;
}

/** Drops trailing zeros (and a bare decimal point) from a plain decimal string. */
function trimZeros(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

/**
 * `digits` significant digits for a non-negative value, but never fewer than
 * its integer digits (1825 stays "1825", it does not become "1830").
 */
function sig(x: number, digits: number): string {
  if (x >= 10 ** digits) return plain(Math.round(x));
  return trimZeros(plain(Number(x.toPrecision(digits))));
}

/** A finite number as a plain decimal string, without exponent notation. */
function plain(x: number): string {
  const s = String(x);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(s);
  if (!m) return s;
  const [, sign, intPart, frac = "", expText] = m;
  const exp = Number(expText);
  const digits = intPart + frac;
  const point = intPart.length + exp; // position of the decimal point in `digits`
  let out: string;
  if (point <= 0) out = "0." + "0".repeat(-point) + digits;
  else if (point >= digits.length) out = digits + "0".repeat(point - digits.length);
  else out = digits.slice(0, point) + "." + digits.slice(point);
  return sign + trimZeros(out);
}

/** "-" for a negative value whose rounded text is not zero ("-0 B" is shown as "0 B"). */
function signOf(n: number, text: string): string {
  return n < 0 && Number(text) !== 0 ? "-" : "";
}

/**
 * Expresses `abs` in the largest of `units` (in increasing size) that it
 * reaches, formatted by `format`, and moves to the next unit when rounding
 * reaches it (999.96 ms → "1" s). Values below the smallest unit use it.
 */
function scaled(
  abs: number,
  units: readonly { name: string; size: number }[],
  format: (v: number) => string,
): { text: string; unit: string } {
  let i = 0;
  while (i + 1 < units.length && abs >= units[i + 1].size) i++;
  let text = format(abs / units[i].size);
  // Unit ratios are integers (1000, 60, 24); round away float noise in them.
  if (i + 1 < units.length && Number(text) >= Math.round(units[i + 1].size / units[i].size)) {
    i++;
    text = format(abs / units[i].size);
  }
  return { text, unit: units[i].name };
}

const COUNT_UNITS = [
  { name: "", size: 1 },
  { name: "k", size: 1e3 },
  { name: "M", size: 1e6 },
  { name: "B", size: 1e9 },
  { name: "T", size: 1e12 },
] as const;

/**
 * A count to 3 significant digits with k, M, B (billion), T suffixes:
 * 950 → "950", 11574 → "11.6k", 1157407 → "1.16M", 1e9 → "1B". Past the
 * trillions the T suffix is kept with the integer digits ("1500T").
 */
export function formatCount(n: number): string {
  const bad = nonFinite(n);
  if (bad !== undefined) return bad;
  if (n === 0) return "0";
  const { text, unit } = scaled(Math.abs(n), COUNT_UNITS, (v) => sig(v, 3));
  return signOf(n, text) + text + unit;
}

/** A rate per second as a count with "/s": 11574.07 → "11.6k/s". */
export function formatRate(perSecond: number): string {
  const bad = nonFinite(perSecond);
  if (bad !== undefined) return bad;
  return formatCount(perSecond) + "/s";
}

const BYTE_UNITS = [
  { name: "B", size: 1 },
  { name: "KB", size: 1e3 },
  { name: "MB", size: 1e6 },
  { name: "GB", size: 1e9 },
  { name: "TB", size: 1e12 },
  { name: "PB", size: 1e15 },
  { name: "EB", size: 1e18 },
] as const;

/** At most one decimal place, trailing ".0" dropped. */
function oneDecimal(v: number): string {
  return trimZeros(v.toFixed(1));
}

/**
 * A size in decimal units (1 KB = 1000 B) with at most one decimal place, so
 * the interview figure 200.5e12 B stays "200.5 TB": 500 → "500 B",
 * 2e6 → "2 MB", 1.5e12 → "1.5 TB".
 */
export function formatBytes(n: number): string {
  const bad = nonFinite(n);
  if (bad !== undefined) return bad;
  if (n === 0) return "0 B";
  const { text, unit } = scaled(Math.abs(n), BYTE_UNITS, oneDecimal);
  return `${signOf(n, text)}${text} ${unit}`;
}

const DURATION_UNITS = [
  { name: "ns", size: 1e-9 },
  { name: "µs", size: 1e-6 },
  { name: "ms", size: 1e-3 },
  { name: "s", size: 1 },
  { name: "min", size: 60 },
  { name: "h", size: 3600 },
  { name: "d", size: 86400 },
] as const;

/**
 * A duration given in seconds, to 3 significant digits in the largest unit
 * among ns, µs, ms, s, min, h, d that it reaches: 0.01 → "10 ms",
 * 0.0005 → "500 µs", 90 → "1.5 min", 59.999 → "1 min".
 */
export function formatDuration(seconds: number): string {
  const bad = nonFinite(seconds);
  if (bad !== undefined) return bad;
  if (seconds === 0) return "0 s";
  const { text, unit } = scaled(Math.abs(seconds), DURATION_UNITS, (v) => sig(v, 3));
  return `${signOf(seconds, text)}${text} ${unit}`;
}

/**
 * A fraction as a percentage to 3 significant digits, no space:
 * 1.3 → "130%", 0.8 → "80%", 0.12345 → "12.3%". A fraction below 1 is never
 * shown as "100%" (that is the overload threshold): 0.99996 → "99.996%".
 */
export function formatPercent(fraction: number): string {
  const bad = nonFinite(fraction);
  if (bad !== undefined) return bad;
  if (fraction === 0) return "0%";
  const abs = Math.abs(fraction);
  const pct = abs * 100;
  let text = sig(pct, 3);
  if (abs < 1) {
    // Add digits until rounding no longer reaches 100.
    for (let digits = 4; Number(text) >= 100 && digits <= 15; digits++) {
      text = sig(pct, digits);
    }
    if (Number(text) >= 100) text = "99.99";
  }
  return `${signOf(fraction, text)}${text}%`;
}

/**
 * A number with thousands separators, for showing the arithmetic behind an
 * estimate: 1157407 → "1,157,407", 11574.074 → "11,574.074". Without
 * `maxFractionDigits` the shortest decimal that round-trips is shown in
 * full; with it the fraction is rounded and trailing zeros dropped
 * (formatNumberExact(11574.074074, 2) → "11,574.07").
 */
export function formatNumberExact(n: number, maxFractionDigits?: number): string {
  const bad = nonFinite(n);
  if (bad !== undefined) return bad;
  if (n === 0) return "0";
  const abs = Math.abs(n);
  let body: string;
  if (Number.isInteger(abs)) {
    body = BigInt(abs).toString();
  } else if (maxFractionDigits === undefined) {
    body = plain(abs);
  } else {
    const d = Math.min(100, Math.max(0, Math.floor(maxFractionDigits)));
    body = trimZeros(abs.toFixed(d));
  }
  const [intPart, frac] = body.split(".");
  const grouped = intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const text = frac === undefined ? grouped : `${grouped}.${frac}`;
  return signOf(n, body) + text;
}

/**
 * US dollars as a bill shows them: cents below $100 ($0.50, $35.77), whole
 * dollars with separators from there ($1,559, $40,000).
 */
export function formatUsd(usd: number): string {
  if (!Number.isFinite(usd)) return `$${formatNumberExact(usd)}`;
  return Math.abs(usd) < 100 ? `$${usd.toFixed(2)}` : `$${formatNumberExact(Math.round(usd))}`;
}
