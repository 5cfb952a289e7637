// A stream's consumer groups. Every group receives every message, split among
// its members. A consumer that names no `group:` forms a group of its own,
// named after it: that group is implied by the design, not written in it.
// Resolved here once, for the rules, the estimate, the simulation and the
// diagram alike.
import type { ComponentModel, EdgeModel } from '../types';

export interface ConsumerGroup {
  name: string;
  /** The consumer connections in the group, in declaration order. */
  edges: EdgeModel[];
  /** True when no member wrote `group:`: the consumer's own group. */
  implied: boolean;
}

/** The group a stream's consumer connection belongs to. */
export function consumerGroupName(edge: EdgeModel): string {
  return edge.group ?? edge.to.name;
}

/** A stream's consumer groups, in the order their first member is declared; none for other kinds. */
export function consumerGroupsOf(stream: ComponentModel): ConsumerGroup[] {
  if (stream.kind !== 'stream') return [];
  const byName = new Map<string, ConsumerGroup>();
  for (const edge of stream.outgoing) {
    if (!edge.consumer) continue;
    const name = consumerGroupName(edge);
    const group = byName.get(name) ?? { name, edges: [], implied: true };
    group.edges.push(edge);
    if (edge.attrs.has('group')) group.implied = false;
    byName.set(name, group);
  }
  return [...byName.values()];
}
