import type { Algorithm } from '../../model/types';
import type { Rule } from '../types';

export const weightsWithoutWeightedRr: Rule = {
  id: 'weights-without-weighted-rr',
  severity: 'info',
  category: 'Availability and scaling',
  summary: '`weight:` on a load balancer\'s connections, but its algorithm ignores weights.',
  docs: {
    checks: 'A connection with `weight:` from a load balancer whose algorithm is not `weighted_round_robin`.',
    why: 'Only weighted round robin reads connection weights. With any other algorithm the weights are silently ignored, and traffic is split in a way the design does not show.',
    fires: `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2 }
  service big { instances: 2  cores: 8 }
  service small { instances: 2  cores: 2 }
  web -> lb
  lb -> big (weight: 4)
  lb -> small (weight: 1)
}`,
    fixed: `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2  algorithm: weighted_round_robin }
  service big { instances: 2  cores: 8 }
  service small { instances: 2  cores: 2 }
  web -> lb
  lb -> big (weight: 4)
  lb -> small (weight: 1)
}`,
  },
  check({ system, report }) {
    for (const e of system.edges) {
      const weight = e.attrs.get('weight');
      if (e.from.kind !== 'loadbalancer' || !weight?.explicit) continue;
      const algorithm = e.from.props.value<Algorithm>('algorithm');
      if (algorithm?.name === 'weighted_round_robin') continue;
      report({
        message: `This connection has a weight, but load balancer \`${e.from.name}\` uses ${algorithm?.name ?? 'round_robin'}, which ignores weights. Set algorithm: weighted_round_robin, or drop the weight.`,
        span: weight.span!,
        related: [{ message: `\`${e.from.name}\`'s algorithm.`, span: e.from.props.get('algorithm')?.span ?? e.from.nameSpan }],
      });
    }
  },
};
