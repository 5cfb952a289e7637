import type { Rule } from '../types';

export const capCaDistributed: Rule = {
  id: 'cap-ca-distributed',
  severity: 'error',
  category: 'Consistency and CAP',
  summary: 'CA is not a choice for a distributed system: partitions happen, so choose CP or AP.',
  quickFix: 'Change to CP / Change to AP',
  docs: {
    checks: 'A system that declares `cap: CA` while its state is distributed: a database is replicated, sharded or autoscaled, a stream has more than one partition, or a `stateful` service or worker runs more than one instance. Stateless tiers (balancers, gateways, stateless services) may run many instances without it firing: they hold no data a partition could split.',
    why: 'CAP says that when the network partitions, a system must give up either consistency or availability. "CA" describes a system that never sees a partition, which only holds for a single machine. As soon as there are two nodes, the network between them can fail, so the real question is what the design does then: refuse requests it cannot keep consistent (CP) or keep answering and reconcile later (AP).',
    fires: `system shop {
  cap: CA
  service api { instances: 3 }
  database orders: postgres { replication { mode: primary_replica  replicas: 1 } }
  api -> orders
}`,
    fixed: `system shop {
  cap: CP
  service api { instances: 3 }
  database orders: postgres { replication { mode: primary_replica  replicas: 1 } }
  api -> orders
}`,
  },
  check({ system, facts, fix, report }) {
    const cap = system.props.get('cap');
    if (cap?.value !== 'CA' || !cap.valueSpan || !facts.distributedBecause) return;
    report({
      message: `System \`${system.name}\` declares cap: CA, but its data is distributed: ${facts.distributedBecause.message} Networks partition, so the design must choose what happens then: CP refuses what it cannot keep consistent, AP keeps answering and reconciles later.`,
      span: cap.valueSpan,
      related: [facts.distributedBecause],
      fixes: [
        { title: 'Change to CP (consistency over availability)', edits: [fix.replace(cap.valueSpan, 'CP')], preferred: true },
        { title: 'Change to AP (availability over consistency)', edits: [fix.replace(cap.valueSpan, 'AP')] },
      ],
    });
  },
};
