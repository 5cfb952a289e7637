import { isManagement } from '../../model/semantic';
import type { Rule } from '../types';

const BALANCERS = new Set(['loadbalancer', 'gateway', 'dns']);

export const autoscaleWithoutLb: Rule = {
  id: 'autoscale-without-lb',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'An autoscaled service is called directly, not through a load balancer or gateway, so new instances get no traffic.',
  docs: {
    checks: 'A component with an `autoscale` block that is called synchronously by something other than a load balancer, gateway or DNS. A connection from an orchestrator is management, not a call, and does not count.',
    why: 'Autoscaling adds instances, but something has to send requests to them. A caller that connects straight to a service talks to the instances it knows about; new ones sit idle while the old ones stay overloaded. Put a load balancer (or a gateway) in front of anything that scales. Consumers of a queue or stream are fine: they pull work themselves.',
    fires: `system shop {
  client web { rate: 100/s }
  gateway api { instances: 2 }
  service orders { instances: 2 }
  service pricing { autoscale { min: 2  max: 8 } }
  web -> api -> orders -> pricing
}`,
    fixed: `system shop {
  client web { rate: 100/s }
  gateway api { instances: 2 }
  service orders { instances: 2 }
  loadbalancer pricing_lb { instances: 2 }
  service pricing { autoscale { min: 2  max: 8 } }
  web -> api -> orders -> pricing_lb -> pricing
}`,
  },
  check({ system, report }) {
    for (const c of system.components.values()) {
      const autoscale = c.blocks.get('autoscale');
      // A database that autoscales routes requests to its own nodes; the rule asks for a balancer in front of services only.
      if (!autoscale || c.kind === 'database') continue;
      for (const e of c.incoming) {
        // An orchestrator's connection is management (it starts and scales the service), not requests.
        if (e.consumer || e.async || isManagement(e) || BALANCERS.has(e.from.kind ?? '')) continue;
        report({
          message: `\`${c.name}\` autoscales but \`${e.from.name}\` calls it directly, not through a load balancer or gateway: instances added under load receive no traffic. Put a load balancer in front of \`${c.name}\`.`,
          span: e.hopSpan,
          related: [{ message: `\`${c.name}\` autoscales.`, span: autoscale.span }],
        });
      }
    }
  },
};
