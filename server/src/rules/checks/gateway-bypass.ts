import type { ComponentModel, EdgeModel } from '../../model/types';
import { isSyncCall } from '../facts';
import { describe } from '../helpers';
import { reachedOnEntry } from '../entry';
import type { Rule } from '../types';

/** Components reached from a gateway through synchronous calls: what the gateway guards. */
function behindGateways(components: Iterable<ComponentModel>): Map<ComponentModel, ComponentModel> {
  const guardedBy = new Map<ComponentModel, ComponentModel>();
  for (const gateway of components) {
    if (gateway.kind !== 'gateway') continue;
    const stack = [gateway];
    while (stack.length) {
      for (const e of stack.pop()!.outgoing) {
        if (!isSyncCall(e) || guardedBy.has(e.to) || e.to === gateway) continue;
        guardedBy.set(e.to, gateway);
        stack.push(e.to);
      }
    }
  }
  return guardedBy;
}

export const gatewayBypass: Rule = {
  id: 'gateway-bypass',
  severity: 'warning',
  category: 'Security',
  summary: 'A client reaches a service that also sits behind the API gateway, skipping the gateway\'s authentication and rate limit.',
  docs: {
    checks: 'A component reached from an API gateway that a client also reaches without passing any gateway: directly, or through DNS, load balancers or proxies only. CDNs are not followed: they serve cached content.',
    why: 'The gateway is where the design authenticates callers, applies rate limits and logs requests. A second way in that goes around it skips all of that: an attacker simply uses the side door, and the rate limit no longer protects the service from overload. Route every client request to the service through the gateway, or remove the service from behind it if it is meant to be public.',
    fires: `system shop {
  client web { rate: 100/s }
  gateway api { instances: 2  auth: jwt }
  loadbalancer lb { instances: 2 }
  service orders { instances: 2 }
  web -> api -> lb -> orders
  web -> lb
}`,
    fixed: `system shop {
  client web { rate: 100/s }
  gateway api { instances: 2  auth: jwt }
  loadbalancer lb { instances: 2 }
  service orders { instances: 2 }
  web -> api -> lb -> orders
}`,
  },
  check({ system, report }) {
    const guardedBy = behindGateways(system.components.values());
    if (guardedBy.size === 0) return;
    for (const client of system.components.values()) {
      if (client.kind !== 'client') continue;
      // Walk from each first hop without passing a gateway; report a hop once, at the first guarded component it leads to.
      for (const first of client.outgoing) {
        if (!isSyncCall(first) || first.to.kind === 'gateway') continue;
        const bypassed = firstGuarded(first, guardedBy);
        if (!bypassed) continue;
        const gateway = guardedBy.get(bypassed)!;
        report({
          message: `Client \`${client.name}\` reaches ${describe(bypassed)} without passing gateway \`${gateway.name}\`, which also routes to it: this side door skips the gateway's authentication and rate limit. Send these requests through \`${gateway.name}\`, or take \`${bypassed.name}\` out from behind it.`,
          span: first.hopSpan,
          related: [{ message: `\`${gateway.name}\` guards \`${bypassed.name}\`.`, span: gateway.nameSpan }],
        });
      }
    }
  },
};

function firstGuarded(first: EdgeModel, guardedBy: Map<ComponentModel, ComponentModel>): ComponentModel | undefined {
  return reachedOnEntry(first.to).find((c) => c.kind !== 'gateway' && guardedBy.has(c));
}
