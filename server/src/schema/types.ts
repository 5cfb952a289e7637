// Shapes of the schema table (schema.ts). One table drives validation,
// completion, hover and the generated language reference.
import type { UnitFamily } from './units';
import type { PropertyName } from './property-names';

export interface EnumValue {
  name: string;
  doc: string;
}

export type ValueSpec =
  | { type: 'enum'; values: EnumValue[] }
  | { type: 'quantity'; family: UnitFamily; min?: number; max?: number; integer?: boolean; exclusiveMin?: boolean }
  | { type: 'rate'; of: 'count' | 'size'; min?: number; max?: number }
  /** US dollars over a period (`0.20/h`, `40k/month`), normalised to dollars per month. */
  | { type: 'money'; min?: number }
  | { type: 'boolean' }
  | { type: 'string' }
  /**
   * A component name; `kinds` limits which kinds make sense (checked by rules,
   * not the linker). With `list`, a list of names (`[lb, orders]`) or one name.
   */
  | { type: 'component'; kinds?: string[]; list?: boolean }
  | { type: 'table' }
  /** A column of the enclosing table. */
  | { type: 'column' }
  /** A column list: `[id, name, photo: blob]`. */
  | { type: 'columns' }
  /** `table.column` or a column of the query's table; one or a list. */
  | { type: 'columnRefs' }
  /** A free identifier: a field of the message or request (`partition_key: user_id`). */
  | { type: 'identifier' }
  /** A service-time distribution: a bare time (exponential) or exp/const/normal/lognormal(...). */
  | { type: 'distribution' }
  /** A load-balancing algorithm: an enum value or `hash(key)`. */
  | { type: 'algorithm'; values: EnumValue[] }
  /** `a.x = b.y` */
  | { type: 'equation' }
  /** A whole number or a range `4..64`. */
  | { type: 'countOrRange'; min?: number; max?: number }
  | { type: 'oneOf'; options: ValueSpec[] };

export interface PropertySpec {
  name: PropertyName;
  doc: string;
  value: ValueSpec;
  /** Normalised default value (base units), when there is one. */
  default?: unknown;
  /** How the default reads in hover and docs: `round_robin`, `80%`, `from the technology`. */
  defaultText?: string;
  required?: boolean;
  /** May appear more than once (`join:` in a query). */
  repeatable?: boolean;
  /** Boolean properties may also be written as a bare flag. */
  flag?: boolean;
}

export interface BlockSpec {
  name: string;
  doc: string;
  properties: PropertySpec[];
  /** `table NAME { … }`: a named block declared with a keyword. */
  named?: boolean;
  repeatable?: boolean;
}

export interface KindSpec {
  name: string;
  /** Short noun for messages: "a load balancer". */
  noun: string;
  doc: string;
  properties: PropertySpec[];
  blocks: BlockSpec[];
  /** Regions and groups hold other components. */
  container?: boolean;
  /** Queues, streams and pub/sub: connecting to them publishes, connecting from them consumes. */
  messaging?: boolean;
  /** Sends each request to one target (load balancer, DNS, gateway) rather than to all. */
  chooser?: boolean;
  /** May be called by other components (false for clients and containers). */
  callable: boolean;
  /** Kinds this kind may send requests to; undefined = any callable kind. */
  calls?: string[];
}

export interface TechnologySpec {
  name: string;
  kinds: string[];
  doc: string;
  /** Properties the technology implies unless the design says otherwise. */
  implies?: Record<string, unknown>;
}
