// The monthly cost of a design (docs/cost.md): per component, instances ×
// 730 hours × the hourly price of an instance of its size, plus what usage
// costs where the price is per request or message (average rates × the
// seconds of a month × the price). Prices come from the built-in table
// (prices.ts) unless the component writes `price:`. Pure arithmetic on the
// model and the estimate's average flows.
import type { ComponentModel, SystemModel } from '../model/types';
import { databaseLayout, priceOverrideOf, semanticsOf, steadyInstances } from '../model/semantic';
import { HOURS_PER_MONTH } from '../schema/units';
import type { WorkloadFigures } from './workload';
import {
  BLOB_GB_MONTH, CACHE_NODE, COMPUTE, DATABASE_NODE, DNS_ZONE_MONTH, instanceSize, MANAGED_LB, MANAGED_LB_TECHNOLOGIES, PER_MILLION,
  PER_REQUEST_DATABASES, QUEUE_REQUESTS_PER_MESSAGE, STREAM_SHARD_HOUR, type InstanceFamily,
} from './prices';
import { formatCount, formatNumberExact } from './human';

export const SECONDS_PER_MONTH = HOURS_PER_MONTH * 3_600;

/**
 * The biggest parts of the bill, largest first, as `api $1,559 (27%)`: what
 * the over-budget rule and the reports name.
 */
export function biggestCosts(cost: SystemCost, count: number): ComponentCost[] {
  return [...cost.components].filter((x) => x.monthlyUsd > 0).sort((a, b) => b.monthlyUsd - a.monthlyUsd).slice(0, count);
}

/** One line of a component's bill, with the arithmetic that produced it. */
export interface CostLine {
  /** `3 × m6i.xlarge × 730 h × $0.192/h`. */
  text: string;
  monthlyUsd: number;
}

export interface ComponentCost {
  name: string;
  kind: string;
  monthlyUsd: number;
  lines: CostLine[];
  /** Instances (database: nodes) billed for the month; undefined for kinds priced by use only. */
  instances?: number;
  /** True when the component's own `price:` replaced the table. */
  overridden: boolean;
}

export interface SystemCost {
  monthlyUsd: number;
  /** Every priced component (callable kinds) in declaration order; clients, regions and groups cost nothing. */
  components: ComponentCost[];
  byName: Map<string, ComponentCost>;
}

/** What the cost needs from the estimate of one component: its average load. */
export interface CostLoad {
  name: string;
  average: { reads: number; writes: number };
}

/** The monthly cost of every component of `system`, from the average load the estimate found. */
export function systemCost(system: SystemModel, loads: readonly CostLoad[], workload: WorkloadFigures | undefined): SystemCost {
  const byName = new Map(loads.map((l) => [l.name, l.average]));
  const blobs = [...system.components.values()].filter((c) => c.kind === 'blob').length;
  const components: ComponentCost[] = [];
  for (const c of system.components.values()) {
    if (!isPriced(c)) continue;
    const average = byName.get(c.name) ?? { reads: 0, writes: 0 };
    components.push(componentCost(c, average, { mediaBytes: blobs ? (workload?.mediaStorageTotalBytes ?? 0) / blobs : 0 }));
  }
  return { monthlyUsd: components.reduce((sum, x) => sum + x.monthlyUsd, 0), components, byName: new Map(components.map((x) => [x.name, x])) };
}

function isPriced(c: ComponentModel): boolean {
  return c.kind !== undefined && c.kind !== 'client' && c.kind !== 'region' && c.kind !== 'group';
}

interface Shares {
  /** Bytes of media this blob store holds at the end of the retention period. */
  mediaBytes: number;
}

function componentCost(c: ComponentModel, average: { reads: number; writes: number }, shares: Shares): ComponentCost {
  const kind = c.kind!;
  const instances = billedInstances(c, average.reads + average.writes);
  const override = priceOverrideOf(c);
  if (override) {
    const n = instances ?? 1;
    const noun = kind === 'database' ? 'node' : kind === 'stream' ? 'partition' : 'instance';
    const line = hourly(n, noun, 'its own price:', override.perInstanceHour);
    return { name: c.name, kind, monthlyUsd: line.monthlyUsd, lines: [line], instances: n, overridden: true };
  }
  const lines = tableLines(c, instances, average, shares);
  return { name: c.name, kind, monthlyUsd: lines.reduce((sum, l) => sum + l.monthlyUsd, 0), lines, instances, overridden: false };
}

/**
 * Instances paid for all month: an autoscaled component runs its
 * autoscaler's steady state for the average load (a month is mostly not
 * peak); a database pays for every node (shards × copies); a batch job for
 * its workers. Undefined for kinds priced by use (CDN, DNS, messaging, blob).
 */
function billedInstances(c: ComponentModel, averageRate: number): number | undefined {
  const s = semanticsOf(c);
  switch (c.kind) {
    case 'cdn':
    case 'dns':
    case 'queue':
    case 'pubsub':
    case 'blob':
      return undefined;
    case 'stream':
      return c.props.num('partitions') ?? 1;
    case 'database': {
      if (c.tech && PER_REQUEST_DATABASES.has(c.tech)) return undefined;
      const layout = databaseLayout(c)!;
      return layout.shards * layout.copies;
    }
    default: {
      const steady = s.serviceTime ? steadyInstances(s.capacity, averageRate, s.serviceTime.mean) : undefined;
      return steady ?? s.capacity.autoscale?.min ?? s.capacity.fixed;
    }
  }
}

function tableLines(c: ComponentModel, instances: number | undefined, average: { reads: number; writes: number }, shares: Shares): CostLine[] {
  const cores = semanticsOf(c).capacity.cores;
  const requests = average.reads + average.writes;
  switch (c.kind) {
    case 'loadbalancer':
      if (c.tech && MANAGED_LB_TECHNOLOGIES.has(c.tech)) {
        const lcus = requests / MANAGED_LB.requestsPerLcu;
        return [
          hourly(instances ?? 1, 'load balancer', c.tech, MANAGED_LB.perHour),
          { text: `${formatCount(requests)}/s ÷ ${formatNumberExact(MANAGED_LB.requestsPerLcu)} per LCU = ${num(lcus)} LCU × 730 h × $${money(MANAGED_LB.perLcuHour)}/h`, monthlyUsd: lcus * HOURS_PER_MONTH * MANAGED_LB.perLcuHour },
        ];
      }
      return [sized(instances ?? 1, COMPUTE, cores)];
    case 'cache':
      return [sized(instances ?? 1, CACHE_NODE, cores)];
    case 'database':
      if (instances === undefined) {
        return [
          perMillion(average.writes, 'writes', PER_MILLION.keyValueWrite),
          perMillion(average.reads, 'reads', PER_MILLION.keyValueRead),
        ];
      }
      return [sized(instances, DATABASE_NODE, cores, 'node')];
    case 'cdn':
      return [perMillion(requests, 'requests', PER_MILLION.cdnRequest)];
    case 'dns':
      return [{ text: `1 hosted zone × $${money(DNS_ZONE_MONTH)}/month`, monthlyUsd: DNS_ZONE_MONTH }, perMillion(requests, 'queries', PER_MILLION.dnsQuery)];
    case 'queue':
      return [perMillion(requests * QUEUE_REQUESTS_PER_MESSAGE, `requests (${QUEUE_REQUESTS_PER_MESSAGE} per message)`, PER_MILLION.queueRequest)];
    case 'pubsub':
      return [perMillion(requests, 'publishes', PER_MILLION.pubsubPublish)];
    case 'stream':
      return [hourly(instances ?? 1, 'shard', 'partitions', STREAM_SHARD_HOUR), perMillion(requests, 'messages', PER_MILLION.streamPut)];
    case 'blob': {
      const gb = shares.mediaBytes / 1e9;
      const lines = [perMillion(average.writes, 'PUTs', PER_MILLION.blobPut), perMillion(average.reads, 'GETs', PER_MILLION.blobGet)];
      if (gb > 0) lines.push({ text: `${num(gb)} GB of media × $${money(BLOB_GB_MONTH)}/GB-month`, monthlyUsd: gb * BLOB_GB_MONTH });
      return lines;
    }
    default:
      return [sized(instances ?? 1, COMPUTE, cores)];
  }
}

/** `n × m6i.xlarge × 730 h × $0.192/h`: instances of the smallest size with `cores` vCPUs. */
function sized(n: number, family: InstanceFamily, cores: number, noun = 'instance'): CostLine {
  const size = instanceSize(family, cores);
  return hourly(n, noun, `${family.service} ${size.name}`, size.perHour);
}

function hourly(n: number, noun: string, what: string, perHour: number): CostLine {
  return { text: `${num(n)} ${noun}${n === 1 ? '' : 's'} (${what}) × 730 h × $${money(perHour)}/h`, monthlyUsd: n * HOURS_PER_MONTH * perHour };
}

function perMillion(perSecond: number, unit: string, usdPerMillion: number): CostLine {
  const millions = (perSecond * SECONDS_PER_MONTH) / 1e6;
  return { text: `${formatCount(perSecond)}/s × 2,628,000 s = ${num(millions)}M ${unit} × $${money(usdPerMillion)}/M`, monthlyUsd: millions * usdPerMillion };
}

function num(n: number): string {
  return formatNumberExact(Number(n.toPrecision(4)));
}

/** A price as its list writes it: $0.0225, $0.192, $5. */
function money(usd: number): string {
  return formatNumberExact(Number(usd.toPrecision(6)));
}
