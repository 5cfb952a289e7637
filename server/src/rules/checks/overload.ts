import { capacitySpan, databaseAdvice, instancesAdvice, loadSentence, scaleFix } from '../capacity';
import { isManagement } from '../../model/semantic';
import { formatPercent, formatRate } from '../../estimate/human';
import type { Rule } from '../types';

export const overload: Rule = {
  id: 'overload',
  severity: 'error',
  category: 'Capacity',
  summary: 'A component\'s offered load at peak is at or above its capacity: its queue grows without bound, or with `max_queue` it turns requests away.',
  quickFix: 'More instances',
  docs: {
    checks: 'For every component with CPU capacity (services, workers, caches, databases, balancers, gateways, proxies, blob stores, orchestrators, jobs): peak arrival rate × mean service time against instances × cores. It fires when utilization at peak is 100 % or more; for a database, on its busiest node, counting only the traffic that reaches it: writes reach every copy of their shard, reads only the copies `read_from` names. The advice sizes for 70 % at peak and follows the traffic mix: for a write-heavy database shard, batch or buffer writes through a stream; for a read-heavy one read from replicas or cache.',
    why: 'A server that receives work faster than it can finish it never catches up: the queue, and with it the response time, grows for as long as the peak lasts, then timeouts and retries add even more load. Capacity must exceed the peak, with headroom.',
    fires: `system shop {
  client web { rate: 10k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 20  cores: 4  service_time: 10ms }
  web -> lb -> api
}`,
    fixed: `system shop {
  client web { rate: 10k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 36  cores: 4  service_time: 10ms }
  web -> lb -> api
}`,
  },
  check({ system, facts, fix, report }) {
    for (const c of system.components.values()) {
      const e = facts.estimate.byName.get(c.name);
      if (!e?.hasCapacity || (e.utilization ?? 0) < 1) continue;
      const advice = c.kind === 'database'
        ? databaseAdvice(c, e)
        : `Run at least ${instancesAdvice(c, e)}${c.blocks.has('autoscale') ? ' at the autoscale maximum' : ''}, or make each request cheaper.`;
      report({
        message: `${loadSentence(c, e)}, so ${e.boundedQueue ? `its bounded queue stays full and turns away about ${formatPercent(e.blocking)} of requests (${formatRate(e.lostRps)})` : 'its queue grows without bound'}. ${advice}`,
        span: capacitySpan(c),
        related: c.incoming.filter((edge) => !isManagement(edge)).slice(0, 3).map((edge) => ({ message: `Load arrives from \`${edge.from.name}\`.`, span: edge.hopSpan })),
        fixes: scaleFix(c, e, fix),
      });
    }
  },
};
