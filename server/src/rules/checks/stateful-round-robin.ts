import type { Algorithm } from '../../model/types';
import { mostInstances } from '../../model/semantic';
import type { Rule } from '../types';

export function isHashBased(a: Algorithm | undefined): boolean {
  return a?.name === 'hash' || a?.name === 'consistent_hash';
}

export const statefulRoundRobin: Rule = {
  id: 'stateful-round-robin',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'A stateful service with several instances behind a load balancer that does not route by key: sessions break.',
  quickFix: 'algorithm: hash(user_id)',
  docs: {
    checks: 'A `stateful` service or worker with more than one instance (or autoscaling) reached from a load balancer whose algorithm is not hash based.',
    why: 'A stateful service keeps something per user in memory: a session, a websocket, a game room. When the load balancer sends a user\'s next request to another instance, that state is not there. Route by a key (hash(user_id)) so each user keeps reaching the same instance, or move the state out to a shared store.',
    fires: `system chat {
  client app { rate: 200/s }
  loadbalancer lb { instances: 2  algorithm: round_robin }
  service sockets { instances: 4  stateful }
  app -> lb -> sockets
}`,
    fixed: `system chat {
  client app { rate: 200/s }
  loadbalancer lb { instances: 2  algorithm: hash(user_id) }
  service sockets { instances: 4  stateful }
  app -> lb -> sockets
}`,
  },
  check({ system, fix, report }) {
    for (const e of system.edges) {
      const lb = e.from;
      const target = e.to;
      if (lb.kind !== 'loadbalancer' || !target.props.bool('stateful') || mostInstances(target) <= 1) continue;
      const algorithm = lb.props.value<Algorithm>('algorithm');
      if (isHashBased(algorithm)) continue;
      const written = lb.props.get('algorithm');
      report({
        message: `\`${target.name}\` is stateful and runs ${mostInstances(target)} instances, but load balancer \`${lb.name}\` uses ${algorithm?.name ?? 'round_robin'}: a user's next request may reach an instance without their session. Route by key with hash(user_id).`,
        span: written?.explicit ? written.valueSpan! : lb.nameSpan,
        related: [{ message: `\`${target.name}\` is stateful.`, span: target.props.get('stateful')!.span! }],
        fixes: [{ title: 'Use algorithm: hash(user_id)', edits: [fix.setProperty(lb.decl, lb.props, 'algorithm', 'hash(user_id)')], preferred: true }],
      });
    }
  },
};
