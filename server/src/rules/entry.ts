// How client requests enter a design: through name resolution, balancers and
// proxies up to the first component that does real work or guards the way in
// (a gateway). The security rules share this walk.
import type { ComponentModel } from '../model/types';
import { isSyncCall } from './facts';

/** Kinds that only pass a request on towards the design's entry. */
const PASS_THROUGH = new Set(['dns', 'loadbalancer', 'proxy']);

/**
 * Everything a request reaches from `start` (included) through pass-through
 * hops only, in visiting order: the pass-through hops themselves and the
 * first gateway or working component on each path (not beyond them).
 */
export function reachedOnEntry(start: ComponentModel): ComponentModel[] {
  const seen = new Set<ComponentModel>();
  const order: ComponentModel[] = [];
  const stack = [start];
  while (stack.length) {
    const c = stack.pop()!;
    if (seen.has(c)) continue;
    seen.add(c);
    order.push(c);
    if (!PASS_THROUGH.has(c.kind ?? '')) continue;
    for (const e of c.outgoing) if (isSyncCall(e)) stack.push(e.to);
  }
  return order;
}
