import { formatRate } from '../../estimate/human';
import type { Rule } from '../types';

export const fixedRateExceedsInflow: Rule = {
  id: 'fixed-rate-exceeds-inflow',
  severity: 'error',
  category: 'Capacity',
  summary: 'A connection out of a load balancer, DNS or gateway has a fixed `rate:` larger than what arrives there: traffic would be created from nothing.',
  docs: {
    checks: 'For every chooser (load balancer, DNS, gateway): each outgoing connection with a fixed `rate:` against the traffic that reaches the chooser at peak in the classes the connection carries (`on:`).',
    why: 'A chooser sends every request it receives to exactly one target. A connection with a fixed `rate:` takes that rate, and the rest is split over the other connections; a fixed rate above what arrives would have to invent requests. The estimate and the simulation send what arrives over it and nothing to the others, which is not what the design says.',
    fires: `system shop {
  client web { rate: 100/s }
  gateway edge { }
  service search { }
  service orders { }
  web -> edge
  edge -> search (rate: 500/s)
  edge -> orders
}`,
    fixed: `system shop {
  client web { rate: 1k/s }
  gateway edge { }
  service search { }
  service orders { }
  web -> edge
  edge -> search (rate: 500/s)
  edge -> orders
}`,
  },
  check({ facts, report }) {
    for (const { edge, fixed, arriving } of facts.estimate.rateExcess) {
      const rate = edge.attrs.get('rate');
      report({
        message: `\`${edge.from.name} -> ${edge.to.name}\` has a fixed rate of ${formatRate(fixed)} but only ${formatRate(arriving)} reach \`${edge.from.name}\` at peak for it: a ${edge.from.kind ?? 'chooser'} sends only what it receives. Lower the rate or send more traffic to \`${edge.from.name}\`.`,
        span: rate?.valueSpan ?? edge.hopSpan,
      });
    }
  },
};
