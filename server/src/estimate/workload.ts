// Back-of-the-envelope workload figures (from the `workload` block of
// docs/language-reference.md: users × per-user rates, peak, storage), with the
// arithmetic spelled out so a hover can show a student how they came about.
import type { SystemModel } from '../model/types';
import { formatBytes, formatCount, formatNumberExact } from './human';

const DAY = 86_400;

export interface WorkloadFigures {
  dau: number;
  writesPerDay: number;
  readsPerDay: number;
  writesPerSecond: number;
  readsPerSecond: number;
  peakFactor: number;
  peakWritesPerSecond: number;
  peakReadsPerSecond: number;
  /** Share of requests that are reads, from reads and writes per user. */
  readRatio: number | undefined;
  storagePerDayBytes: number;
  retentionSeconds: number;
  storageTotalBytes: number;
  /** The media part of storageTotalBytes (what a blob store holds), for the cost (docs/cost.md). */
  mediaStorageTotalBytes: number;
  /** The arithmetic, one line per figure, in the order a whiteboard would show it. */
  steps: string[];
}

/** Per-day counts from per-second rates, rounded so 10/day × 100M is exactly 1 billion. */
function perDay(perSecond: number): number {
  return Number((perSecond * DAY).toPrecision(12));
}

function exact(n: number): string {
  return formatNumberExact(Number(n.toPrecision(12)), 2);
}

export function workloadFigures(system: SystemModel): WorkloadFigures | undefined {
  const w = system.workload?.props;
  if (!w || !w.has('dau')) return undefined;
  const dau = w.num('dau') ?? 0;
  const writesPerUserPerDay = perDay(w.num('writes_per_user') ?? 0);
  const readsPerUserPerDay = perDay(w.num('reads_per_user') ?? 0);
  const writesPerDay = Number((dau * writesPerUserPerDay).toPrecision(15));
  const readsPerDay = Number((dau * readsPerUserPerDay).toPrecision(15));
  const writesPerSecond = writesPerDay / DAY;
  const readsPerSecond = readsPerDay / DAY;
  const peakFactor = w.num('peak_factor') ?? 2;
  const recordSize = w.num('record_size') ?? 0;
  const mediaFraction = w.num('media_fraction') ?? 0;
  const mediaSize = w.num('media_size') ?? 0;
  const recordBytes = writesPerDay * recordSize;
  const mediaWrites = Number((writesPerDay * mediaFraction).toPrecision(15));
  const mediaBytes = mediaWrites * mediaSize;
  const storagePerDayBytes = recordBytes + mediaBytes;
  const retentionSeconds = w.num('retention') ?? 5 * 365 * DAY;
  const retentionDays = retentionSeconds / DAY;
  const storageTotalBytes = storagePerDayBytes * retentionDays;
  const total = writesPerDay + readsPerDay;

  const steps = [
    `writes/day = ${formatCount(dau)} DAU × ${exact(writesPerUserPerDay)} = ${exact(writesPerDay)} (${formatCount(writesPerDay)})`,
    `reads/day = ${formatCount(dau)} DAU × ${exact(readsPerUserPerDay)} = ${exact(readsPerDay)} (${formatCount(readsPerDay)})`,
    `writes/s = ${exact(writesPerDay)} / 86,400 s ≈ ${exact(writesPerSecond)}`,
    `reads/s = ${exact(readsPerDay)} / 86,400 s ≈ ${exact(readsPerSecond)}`,
    `peak writes/s = ${exact(writesPerSecond)} × ${peakFactor} ≈ ${exact(writesPerSecond * peakFactor)}`,
    `peak reads/s = ${exact(readsPerSecond)} × ${peakFactor} ≈ ${exact(readsPerSecond * peakFactor)}`,
  ];
  if (recordSize || mediaSize) {
    const parts = [`${formatBytes(recordSize)} × ${formatCount(writesPerDay)} writes = ${formatBytes(recordBytes)}`];
    if (mediaSize && mediaFraction) parts.push(`${formatBytes(mediaSize)} × ${formatCount(mediaWrites)} writes (${+(mediaFraction * 100).toPrecision(6)}% of writes) = ${formatBytes(mediaBytes)}`);
    steps.push(`storage/day = ${parts.join(' + ')}${parts.length > 1 ? ` = ${formatBytes(storagePerDayBytes)}` : ''}`);
    steps.push(`storage total = ${formatBytes(storagePerDayBytes)} × ${exact(retentionDays)} days = ${formatBytes(storageTotalBytes)}`);
  }
  return {
    dau,
    writesPerDay,
    readsPerDay,
    writesPerSecond,
    readsPerSecond,
    peakFactor,
    peakWritesPerSecond: writesPerSecond * peakFactor,
    peakReadsPerSecond: readsPerSecond * peakFactor,
    readRatio: total > 0 ? readsPerDay / total : undefined,
    storagePerDayBytes,
    retentionSeconds,
    storageTotalBytes,
    mediaStorageTotalBytes: mediaBytes * retentionDays,
    steps,
  };
}
