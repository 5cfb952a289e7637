import { formatRate } from '../../estimate/human';
import type { Rule } from '../types';

export const rateLimitBelowLoad: Rule = {
  id: 'rate-limit-below-load',
  severity: 'info',
  category: 'Capacity',
  summary: 'A gateway\'s rate limit is below the traffic it receives at peak: requests will be rejected.',
  docs: {
    checks: 'A gateway whose `rate_limit` is lower than its estimated arrival rate at peak.',
    why: 'A rate limit protects what is behind the gateway, and that may be the intent. But a limit set below the expected peak turns normal traffic into errors for users; make sure it is meant that way, or raise it (or make it per client).',
    fires: `system api {
  client apps { rate: 500/s }
  gateway edge { instances: 2  rate_limit: 200/s }
  service orders { instances: 8 }
  apps -> edge -> orders
}`,
    fixed: `system api {
  client apps { rate: 500/s }
  gateway edge { instances: 2  rate_limit: 1k/s }
  service orders { instances: 8 }
  apps -> edge -> orders
}`,
  },
  check({ system, facts, report }) {
    for (const c of system.components.values()) {
      const limit = c.props.get('rate_limit');
      const e = facts.estimate.byName.get(c.name);
      if (c.kind !== 'gateway' || !limit?.explicit || !e || !(e.rejectedRps && e.rejectedRps > 0)) continue;
      report({
        message: `Gateway \`${c.name}\` receives ${formatRate(e.rateRps)} at peak but its rate limit is ${formatRate(limit.value as number)}: about ${formatRate(e.rejectedRps)} will be rejected with 429.`,
        span: limit.valueSpan!,
      });
    }
  },
};
