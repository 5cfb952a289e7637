import type { Algorithm } from '../../model/types';
import type { Rule } from '../types';

export const hashLbAutoscale: Rule = {
  id: 'hash-lb-autoscale',
  severity: 'info',
  category: 'Availability and scaling',
  summary: 'hash(key) balancing in front of an autoscaled service: every scaling step remaps most keys.',
  quickFix: 'Use consistent hashing',
  docs: {
    checks: 'A load balancer with `algorithm: hash(…)` connected to a component that autoscales.',
    why: 'hash(key) mod N picks an instance from the number of instances. When autoscaling changes N, most keys move to a different instance: sessions and per-instance caches are lost exactly when load is high. consistent_hash(key) moves only the keys of the added or removed instance.',
    fires: `system chat {
  client app { rate: 200/s }
  loadbalancer lb { instances: 2  algorithm: hash(user_id) }
  service sockets { autoscale { min: 2  max: 10 } }
  app -> lb -> sockets
}`,
    fixed: `system chat {
  client app { rate: 200/s }
  loadbalancer lb { instances: 2  algorithm: consistent_hash(user_id) }
  service sockets { autoscale { min: 2  max: 10 } }
  app -> lb -> sockets
}`,
  },
  check({ system, fix, report }) {
    for (const e of system.edges) {
      const lb = e.from;
      if (lb.kind !== 'loadbalancer' || !e.to.blocks.has('autoscale')) continue;
      const algorithm = lb.props.value<Algorithm>('algorithm');
      const written = lb.props.get('algorithm');
      if (algorithm?.name !== 'hash' || !written?.valueSpan) continue;
      report({
        message: `Load balancer \`${lb.name}\` hashes on \`${algorithm.key}\` in front of autoscaled \`${e.to.name}\`: each time an instance is added or removed, most keys move to another instance. Use consistent_hash(${algorithm.key}).`,
        span: written.valueSpan,
        related: [{ message: `\`${e.to.name}\` autoscales.`, span: e.to.blocks.get('autoscale')!.span }],
        fixes: [{ title: `Use consistent_hash(${algorithm.key})`, edits: [fix.replace(written.valueSpan, `consistent_hash(${algorithm.key})`)], preferred: true }],
      });
    }
  },
};
