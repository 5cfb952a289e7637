// Shared wording for the capacity rules: what a component needs at peak
// against the cores the traffic actually reaches, the target the advice aims
// for, and advice that follows the traffic mix. For a database the numbers
// are those of its busiest copy: writes reach every copy of their shard
// (the primary takes them, replicas apply them), reads only the copies that
// `read_from` names, so cores elsewhere do not count.
import type { ComponentModel } from '../model/types';
import type { ComponentEstimate, StationEstimate } from '../estimate/propagate';
import { databaseLayout, type DatabaseLayout } from '../model/semantic';
import { formatDuration, formatPercent, formatRate } from '../estimate/human';
import type { Span } from '../syntax/ast';
import type { FixBuilder } from './fixes';
import type { Fix } from './types';
import { describe, capitalised } from './helpers';

export const NEAR_CAPACITY = 0.8;
/** What the advice sizes for: busy enough to be economical, with room for a spike or a lost instance. */
export const TARGET_UTILIZATION = 0.7;

const cores = (n: number) => +n.toPrecision(3);

/** The numbers of the load sentence, which multiply out: rate × service time = work; work / cores = utilization. */
export function loadSentence(c: ComponentModel, e: ComponentEstimate): string {
  const st = e.serviceTime ?? 0;
  if (c.kind === 'database' && e.stations.length) {
    const busiest = busiestStation(e);
    const { writes, reads } = stationMix(c, e, busiest);
    const mix = `${formatRate(writes)} writes + ${formatRate(reads)} reads`;
    const where = busiest.count > 1 ? `each of its ${busiest.count} ${busiest.label} nodes` : `its ${busiest.label}`;
    return `${capitalised(describe(c))} receives ${formatRate(e.peak.writes)} writes and ${formatRate(e.peak.reads)} reads at peak; ${where} handles ${mix} = ${formatRate(busiest.rate)} × ${formatDuration(st)} = ${cores(busiest.rate * st)} cores of work against its ${busiest.cores} core${busiest.cores === 1 ? '' : 's'}: it runs at ${formatPercent(busiest.utilization)} of capacity`;
  }
  return `${capitalised(describe(c))} receives ${formatRate(e.rateRps)} at peak × ${formatDuration(st)} = ${cores(e.coresNeeded ?? 0)} cores of work, against ${e.instances} × ${e.coresPerInstance} cores: it runs at ${formatPercent(e.utilization ?? 0)} of capacity`;
}

function busiestStation(e: ComponentEstimate): StationEstimate {
  return e.stations.reduce((a, b) => (b.utilization > a.utilization ? b : a), e.stations[0]);
}

/** Writes and reads per second at one station of a database: every copy applies its shard's writes; the rest are reads. */
function stationMix(c: ComponentModel, e: ComponentEstimate, s: StationEstimate): { writes: number; reads: number } {
  const writes = e.peak.writes / databaseLayout(c)!.shards;
  return { writes, reads: Math.max(0, s.rate - writes) };
}

/** What to do about a database at or near capacity, following what loads its busiest node. */
export function databaseAdvice(c: ComponentModel, e: ComponentEstimate): string {
  const layout = databaseLayout(c)!;
  const busiest = busiestStation(e);
  const { writes, reads } = stationMix(c, e, busiest);
  const st = e.serviceTime ?? 0;
  const budget = (busiest.cores * TARGET_UTILIZATION) / st; // requests per second one node takes at the target
  const target = formatPercent(TARGET_UTILIZATION);
  if (writes >= reads) {
    // Write-heavy: more copies do not help, every copy applies every write of its shard.
    const shards = Math.ceil((layout.shards * busiest.rate) / budget - 1e-9);
    return `Writes dominate, and every copy of a shard applies every write, so replicas or a cache do not help: shard (about ${shards} shards for ${target} at peak), batch writes, or buffer them through a stream.`;
  }
  return readAdvice(layout, writes, e.peak.reads / layout.shards, budget, target);
}

/** Read-heavy: spread reads over copies that `read_from` reaches, or absorb them in a cache. */
function readAdvice(layout: DatabaseLayout, writesPerCopy: number, readsPerShard: number, budget: number, target: string): string {
  const room = budget - writesPerCopy; // reads one copy can take at the target beside the writes it applies
  if (room <= 0) return `Its writes alone keep each copy above ${target}: shard to spread them, batch them, or buffer them through a stream.`;
  const needed = Math.ceil(readsPerShard / room - 1e-9);
  const sizing = `about ${needed} ${needed === 1 ? 'copy' : 'copies'} serving reads ${needed === 1 ? 'keeps it' : 'keep each'} at ${target} at peak`;
  if (layout.mode === 'primary_replica' && layout.readFrom === 'primary') {
    const n = layout.replicas;
    const idle = `Reads dominate, but all of them reach the primary: its ${n} replica${n === 1 ? ' takes' : 's take'} none.`;
    if (needed <= n) return `${idle} Read from them (\`read_from: replicas\`): ${sizing}. Or cache reads.`;
    if (needed === n + 1) return `${idle} Read from every copy (\`read_from: any\`): ${sizing}; with \`read_from: replicas\`, add a replica. Or cache reads.`;
    return `${idle} Read from them (\`read_from: replicas\`) and add replicas: ${sizing}. Or cache reads.`;
  }
  if (layout.mode === 'none') return `Reads dominate: add read replicas and read from them (\`read_from: replicas\`): ${sizing}. Or cache reads.`;
  return `Reads dominate: add copies that serve reads (${sizing}), or cache reads.`;
}

/** Where the fix goes: the instance count (or autoscale max), else the name. */
export function capacitySpan(c: ComponentModel): Span {
  const autoscale = c.blocks.get('autoscale');
  if (autoscale) return autoscale.props.get('max')?.valueSpan ?? autoscale.span;
  return c.props.get(c.kind === 'job' ? 'workers' : 'instances')?.valueSpan ?? c.nameSpan;
}

/** Instances needed to run at the target utilization at peak. */
export function instancesFor(e: ComponentEstimate, target = TARGET_UTILIZATION): number {
  return Math.max(1, Math.ceil((e.coresNeeded ?? 0) / ((e.coresPerInstance ?? 1) * target) - 1e-9));
}

/** "8 instances (8 × 1 cores for 70 % at peak)". */
export function instancesAdvice(c: ComponentModel, e: ComponentEstimate): string {
  const n = instancesFor(e);
  return `${n} ${c.kind === 'job' ? 'workers' : 'instances'} (${cores(e.coresNeeded ?? 0)} cores of work on ${n} × ${e.coresPerInstance} cores runs at ${formatPercent(TARGET_UTILIZATION)} at peak or less)`;
}

export function scaleFix(c: ComponentModel, e: ComponentEstimate, fix: FixBuilder): Fix[] | undefined {
  if (c.kind === 'database' || !e.coresPerInstance) return undefined;
  const n = instancesFor(e);
  const aim = `for ${formatPercent(TARGET_UTILIZATION)} at peak`;
  if (c.kind === 'job') return [{ title: `Set workers: ${n} (${aim})`, edits: [fix.setProperty(c.decl, c.props, 'workers', String(n))], preferred: true }];
  const autoscale = c.blocks.get('autoscale');
  if (autoscale) return [{ title: `Raise autoscale max to ${n} (${aim})`, edits: [fix.setProperty(autoscale.decl, autoscale.props, 'max', String(n))] }];
  return [{ title: `Set instances: ${n} (${aim})`, edits: [fix.setProperty(c.decl, c.props, 'instances', String(n))], preferred: true }];
}
