import { isSyncCall } from '../facts';
import type { Rule } from '../types';

export const databaseExposed: Rule = {
  id: 'database-exposed',
  severity: 'warning',
  category: 'Security',
  summary: 'A client connects straight to a database: the database is exposed to the outside, with no service to check who may read or write what.',
  docs: {
    checks: 'A connection from a `client` directly to a `database`.',
    why: 'A database is the last line of defence, not the first. Reached directly by clients it must be open to their network, hold credentials that ship inside every app, and trust whatever queries they send: one leaked password or crafted query reads or deletes everything. A service in between authenticates the user, checks what they may touch, validates input, and exposes only the operations the product needs.',
    fires: `system shop {
  client app { rate: 10/s }
  database orders: postgres {
    backup: daily
    replication { mode: primary_replica  replicas: 1 }
  }
  app -> orders
}`,
    fixed: `system shop {
  client app { rate: 10/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 2 }
  database orders: postgres {
    backup: daily
    replication { mode: primary_replica  replicas: 1 }
  }
  app -> lb -> api -> orders
}`,
  },
  check({ system, report }) {
    for (const e of system.edges) {
      if (e.from.kind !== 'client' || e.to.kind !== 'database' || !isSyncCall(e)) continue;
      report({
        message: `Client \`${e.from.name}\` connects straight to database \`${e.to.name}\`: the database must be reachable from outside and trust every query it is sent, and its credentials ship with the client. Put a service in front of \`${e.to.name}\` that authenticates users and exposes only the operations they need.`,
        span: e.hopSpan,
      });
    }
  },
};
