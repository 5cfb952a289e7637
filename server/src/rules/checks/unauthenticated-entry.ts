import type { ComponentModel } from '../../model/types';
import { reachedOnEntry } from '../entry';
import { isSyncCall } from '../facts';
import type { Rule } from '../types';

export const unauthenticatedEntry: Rule = {
  id: 'unauthenticated-entry',
  severity: 'warning',
  category: 'Security',
  summary: 'The API gateway that clients enter through has `auth: none`: anyone who finds the address can call every route behind it.',
  quickFix: 'auth: jwt',
  docs: {
    checks: 'A gateway with `auth: none` (the default) that a client reaches directly or through DNS, load balancers or proxies only. A gateway that only other components call (internal traffic) is not checked.',
    why: 'The gateway is the one place where every outside request passes, which makes it the place to check who is calling. With no authentication there, every service behind it has to do it itself, and any one that forgets is open to the internet. Authenticate at the entry (signed tokens such as JWT can be checked without a call) and pass the caller\'s identity on.',
    fires: `system shop {
  client web { rate: 100/s }
  gateway api { instances: 2 }
  service orders { instances: 2 }
  web -> api -> orders
}`,
    fixed: `system shop {
  client web { rate: 100/s }
  gateway api { instances: 2  auth: jwt }
  service orders { instances: 2 }
  web -> api -> orders
}`,
  },
  check({ system, fix, report }) {
    const entries = new Map<ComponentModel, ComponentModel>();
    for (const client of system.components.values()) {
      if (client.kind !== 'client') continue;
      for (const e of client.outgoing) {
        if (!isSyncCall(e)) continue;
        for (const c of reachedOnEntry(e.to)) if (c.kind === 'gateway' && !entries.has(c)) entries.set(c, client);
      }
    }
    for (const [gateway, client] of entries) {
      const auth = gateway.props.get('auth');
      if (auth?.value !== 'none') continue;
      const stated = auth.explicit ? 'has `auth: none`' : 'authenticates nobody (`auth` defaults to none)';
      report({
        message: `Gateway \`${gateway.name}\` is where client \`${client.name}\` enters, and it ${stated}: anyone who finds the address can call every route behind it. Authenticate here, for example with \`auth: jwt\`.`,
        span: auth.explicit && auth.valueSpan ? auth.valueSpan : gateway.nameSpan,
        fixes: [
          { title: 'Authenticate with JWT', edits: [fix.setProperty(gateway.decl, gateway.props, 'auth', 'jwt')], preferred: true },
          { title: 'Authenticate with OAuth', edits: [fix.setProperty(gateway.decl, gateway.props, 'auth', 'oauth')] },
        ],
      });
    }
  },
};
