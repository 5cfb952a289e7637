// The built-in price table (docs/cost.md lists every figure with its source).
// One region and one purchase option, so designs compare with each other:
// AWS us-east-1, on-demand list prices, in US dollars. A design's `price:`
// replaces the instance price of a component; nothing else here is tunable.
import { lookupTable } from '../records';

/** When the figures were taken from the public price pages. */
export const PRICE_TABLE_DATE = '2025-01';
export const PRICE_TABLE_REGION = 'AWS us-east-1, on-demand, Linux, US dollars';

/** An instance family priced per vCPU, sold in sizes of these vCPU counts (the smallest that fits is used). */
export interface InstanceFamily {
  /** The family a size is named after: `m6i` gives `m6i.xlarge`. */
  name: string;
  /** What the family is (EC2 instance, RDS node, ElastiCache node). */
  service: string;
  /** US dollars per vCPU-hour: the `large` size's hourly price ÷ its 2 vCPUs. */
  perVcpuHour: number;
  /** vCPU counts of the sizes on sale, ascending, with their size names. */
  sizes: readonly { vcpus: number; size: string }[];
}

const M_SIZES = [
  { vcpus: 2, size: 'large' },
  { vcpus: 4, size: 'xlarge' },
  { vcpus: 8, size: '2xlarge' },
  { vcpus: 16, size: '4xlarge' },
  { vcpus: 32, size: '8xlarge' },
  { vcpus: 48, size: '12xlarge' },
  { vcpus: 64, size: '16xlarge' },
  { vcpus: 96, size: '24xlarge' },
] as const;

/** EC2 m6i (general purpose): m6i.large, 2 vCPU, $0.096 per hour. */
export const COMPUTE: InstanceFamily = { name: 'm6i', service: 'EC2', perVcpuHour: 0.096 / 2, sizes: M_SIZES };
/** RDS for PostgreSQL, Single-AZ: db.m5.large, 2 vCPU, $0.178 per hour. */
export const DATABASE_NODE: InstanceFamily = { name: 'db.m5', service: 'RDS', perVcpuHour: 0.178 / 2, sizes: M_SIZES };
/** ElastiCache: cache.m5.large, 2 vCPU, $0.156 per hour. */
export const CACHE_NODE: InstanceFamily = { name: 'cache.m5', service: 'ElastiCache', perVcpuHour: 0.156 / 2, sizes: M_SIZES.slice(0, 6) };

/** The smallest size of `family` with at least `cores` vCPUs; past the largest, the largest's price per vCPU × cores. */
export function instanceSize(family: InstanceFamily, cores: number): { name: string; vcpus: number; perHour: number } {
  const size = family.sizes.find((s) => s.vcpus >= cores);
  const vcpus = size?.vcpus ?? cores;
  return { name: size ? `${family.name}.${size.size}` : `${cores} vCPU of ${family.name}`, vcpus, perHour: vcpus * family.perVcpuHour };
}

/** Application Load Balancer: per load-balancer-hour and per LCU-hour; one LCU is 1,000 rule evaluations per second (docs/cost.md). */
export const MANAGED_LB = { perHour: 0.0225, perLcuHour: 0.008, requestsPerLcu: 1_000 } as const;
/** Technologies priced as a managed load balancer rather than as instances. */
export const MANAGED_LB_TECHNOLOGIES: ReadonlySet<string> = new Set(['alb', 'nlb']);

/** Usage prices, US dollars per million of the unit named. */
export const PER_MILLION = lookupTable({
  /** SQS standard: per million requests; a message costs three (send, receive, delete). */
  queueRequest: 0.4,
  /** SNS: per million publishes. */
  pubsubPublish: 0.5,
  /** Kinesis Data Streams (provisioned): per million PUT payload units (one per message up to 25 KB). */
  streamPut: 0.014,
  /** CloudFront, United States: per million HTTPS requests ($0.0100 per 10,000). */
  cdnRequest: 1.0,
  /** S3 Standard: PUT per million ($0.005 per 1,000), GET per million ($0.0004 per 1,000). */
  blobPut: 5.0,
  blobGet: 0.4,
  /** DynamoDB on-demand: per million write and read request units. */
  keyValueWrite: 0.625,
  keyValueRead: 0.125,
  /** Route 53: per million standard queries. */
  dnsQuery: 0.4,
});

/** SQS requests one message costs: send, receive and delete. */
export const QUEUE_REQUESTS_PER_MESSAGE = 3;
/** Kinesis: per shard-hour (one partition of a stream is one shard). */
export const STREAM_SHARD_HOUR = 0.015;
/** S3 Standard: per GB-month (first 50 TB). */
export const BLOB_GB_MONTH = 0.023;
/** Route 53: per hosted zone per month. */
export const DNS_ZONE_MONTH = 0.5;
/** Database technologies priced per request (on demand) rather than per node. */
export const PER_REQUEST_DATABASES: ReadonlySet<string> = new Set(['dynamodb']);
