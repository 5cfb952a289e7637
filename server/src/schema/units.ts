// Unit families (docs/language-reference.md, Units) and exact conversions to base units:
// seconds, bytes, fractions (percent), factors (multiplier), plain counts.

import { lookupTable } from '../records';

export type UnitFamily = 'time' | 'size' | 'percent' | 'multiplier' | 'count';

export interface UnitInfo {
  unit: string;
  family: UnitFamily;
  factor: number;
  doc: string;
}

const YEAR_S = 365 * 86_400;

export const UNITS: readonly UnitInfo[] = [
  { unit: 'us', family: 'time', factor: 1e-6, doc: 'microseconds' },
  { unit: 'ms', family: 'time', factor: 1e-3, doc: 'milliseconds' },
  { unit: 's', family: 'time', factor: 1, doc: 'seconds' },
  { unit: 'm', family: 'time', factor: 60, doc: 'minutes (m is minutes, not metres or months)' },
  { unit: 'h', family: 'time', factor: 3_600, doc: 'hours' },
  { unit: 'd', family: 'time', factor: 86_400, doc: 'days' },
  { unit: 'w', family: 'time', factor: 7 * 86_400, doc: 'weeks' },
  { unit: 'y', family: 'time', factor: YEAR_S, doc: 'years of 365 days' },
  { unit: 'B', family: 'size', factor: 1, doc: 'bytes' },
  { unit: 'KB', family: 'size', factor: 1e3, doc: 'kilobytes (1,000 bytes, as in back-of-the-envelope estimation)' },
  { unit: 'MB', family: 'size', factor: 1e6, doc: 'megabytes (10^6 bytes)' },
  { unit: 'GB', family: 'size', factor: 1e9, doc: 'gigabytes (10^9 bytes)' },
  { unit: 'TB', family: 'size', factor: 1e12, doc: 'terabytes (10^12 bytes)' },
  { unit: 'PB', family: 'size', factor: 1e15, doc: 'petabytes (10^15 bytes)' },
  { unit: 'KiB', family: 'size', factor: 1024, doc: 'kibibytes (1,024 bytes)' },
  { unit: 'MiB', family: 'size', factor: 1024 ** 2, doc: 'mebibytes (2^20 bytes)' },
  { unit: 'GiB', family: 'size', factor: 1024 ** 3, doc: 'gibibytes (2^30 bytes)' },
  { unit: 'TiB', family: 'size', factor: 1024 ** 4, doc: 'tebibytes (2^40 bytes)' },
  { unit: '%', family: 'percent', factor: 0.01, doc: 'percent' },
  { unit: 'x', family: 'multiplier', factor: 1, doc: 'times (a multiplier: 3x)' },
];

export const MAGNITUDES: Readonly<Record<string, number>> = lookupTable({ k: 1e3, M: 1e6, B: 1e9 });

/** Units allowed after the slash of a rate, in seconds. */
export const RATE_PER: Readonly<Record<string, number>> = lookupTable({ s: 1, min: 60, h: 3_600, day: 86_400 });

/**
 * Hours in the average month (8,760 h a year ÷ 12), the convention of cloud
 * price lists: a monthly cost is an hourly price × 730.
 */
export const HOURS_PER_MONTH = 730;

/**
 * Units allowed after the slash of an amount of money (`0.20/h`, `40k/month`),
 * as the number of them in a month: money is normalised to US dollars per
 * month. There is no `/m` or `/min` (m is minutes) and no currency symbol:
 * every amount is in US dollars.
 */
export const MONEY_PER: Readonly<Record<string, number>> = lookupTable({ h: HOURS_PER_MONTH, day: HOURS_PER_MONTH / 24, month: 1, year: 1 / 12 });

const UNIT_BY_NAME = new Map(UNITS.map((u) => [u.unit, u]));

export function unitInfo(unit: string): UnitInfo | undefined {
  return UNIT_BY_NAME.get(unit);
}

export function unitsOf(family: UnitFamily): UnitInfo[] {
  return UNITS.filter((u) => u.family === family);
}

export type Interpreted = { ok: true; value: number } | { ok: false; message: string };

const FAMILY_WORD: Record<UnitFamily, string> = {
  time: 'a time (10ms, 30s, 5m, 7d)',
  size: 'a size (500B, 2MB, 1GiB)',
  percent: 'a percentage (80%)',
  multiplier: 'a multiplier (3x)',
  count: 'a number (4, 20k, 100M)',
};

export function familyDescription(family: UnitFamily): string {
  return FAMILY_WORD[family];
}

/** What family a suffix alone suggests, for error messages ("2MB is a size"). */
export function suffixFamily(suffix: string): UnitFamily | undefined {
  if (suffix === '') return 'count';
  if (suffix in MAGNITUDES && suffix !== 'B') return 'count';
  return unitInfo(suffix)?.family;
}

/**
 * Interprets `number` + `suffix` as a value of `family`. `B` is bytes where a
 * size is expected and a billion where a count is (`500B` vs `1B`).
 */
export function interpretQuantity(number: number, suffix: string, family: UnitFamily): Interpreted {
  if (family === 'count') {
    if (suffix === '') return { ok: true, value: number };
    const magnitude = MAGNITUDES[suffix];
    if (magnitude !== undefined) return { ok: true, value: scale(number, magnitude) };
  } else {
    const info = unitInfo(suffix);
    if (info && info.family === family) return { ok: true, value: scale(number, info.factor) };
    if (family === 'multiplier' && suffix === '') return { ok: true, value: number };
  }
  const found = suffixFamily(suffix);
  const shown = `${number}${suffix}`;
  if (found && found !== family) return { ok: false, message: `Expected ${FAMILY_WORD[family]}, but '${shown}' is ${FAMILY_WORD[found].replace(/ \(.*\)$/, '')}.` };
  if (!found && suffix !== '') return { ok: false, message: `Unknown unit '${suffix}' in '${shown}'. ${capitalise(FAMILY_WORD[family])} takes ${unitsOf(family).map((u) => u.unit).join(' ') || 'no unit'}.` };
  return { ok: false, message: `Expected ${FAMILY_WORD[family]}, but '${shown}' has no unit.` };
}

/**
 * `n × factor` as exactly as the decimal the user wrote allows: `70%` is 0.7,
 * not 0.7000000000000001, and `1.1m` is 66, not 66.00000000000001. The decimal
 * digits are scaled as an integer and the result rounded once.
 */
export function scale(n: number, factor: number): number {
  if (factor === 1) return n;
  const m = /^(\d+)(?:\.(\d+))?$/.exec(String(n));
  if (!m) return n * factor; // exponent notation: beyond any design's numbers
  const fraction = m[2] ?? '';
  const digits = m[1] + fraction;
  const exponent = Math.round(Math.log10(factor));
  if (10 ** exponent === factor) return Number(`${digits}e${exponent - fraction.length}`);
  const product = Number(digits) * factor;
  if (!Number.isInteger(factor) || !Number.isSafeInteger(product)) return n * factor;
  return fraction ? Number(`${product}e-${fraction.length}`) : product;
}

/** A rate to per-second: `20k/s` -> 20000, `10/day` -> 10/86400, `2MB/s` -> 2e6 (bytes). */
export function interpretRate(number: number, suffix: string, per: string, of: 'count' | 'size'): Interpreted {
  const perSeconds = RATE_PER[per];
  if (perSeconds === undefined) {
    return { ok: false, message: `Unknown rate unit '/${per}': use /s, /min, /h or /day.` };
  }
  const amount = interpretQuantity(number, suffix, of);
  if (!amount.ok) return amount;
  return { ok: true, value: amount.value / perSeconds };
}

/** Money to US dollars per month: `0.20/h` -> 146, `40k/month` -> 40000. */
export function interpretMoney(number: number, suffix: string, per: string): Interpreted {
  const perMonth = MONEY_PER[per];
  if (perMonth === undefined) {
    return { ok: false, message: `Unknown period '/${per}' for an amount of US dollars: use /h, /day, /month or /year.` };
  }
  const amount = interpretQuantity(number, suffix, 'count');
  if (!amount.ok) return { ok: false, message: `Expected an amount of US dollars such as 0.20/h or 40k/month, but '${number}${suffix}' is not a plain number (k and M are allowed).` };
  return { ok: true, value: amount.value * perMonth };
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
