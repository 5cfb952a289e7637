import { capacitySpan, databaseAdvice, instancesAdvice, loadSentence, NEAR_CAPACITY, scaleFix } from '../capacity';
import type { Rule } from '../types';

export const nearCapacity: Rule = {
  id: 'near-capacity',
  severity: 'warning',
  category: 'Capacity',
  summary: 'A component runs at 80 % or more of its capacity at peak, where latency grows steeply.',
  quickFix: 'More instances',
  docs: {
    checks: 'Utilization at peak (arrival rate × service time / (instances × cores)) of 80 % or more, but under 100 %; for a database, of its busiest node, counting only the traffic that reaches it (writes: every copy of their shard; reads: the copies `read_from` names). The advice sizes for 70 % at peak and follows the traffic mix.',
    why: 'Queueing delay does not grow in proportion to load: at 50 % busy a request rarely waits, at 80 % it waits about four times its service time on a single core, at 95 % about twenty. A component planned to run near its limit at peak has no room for a bad day, a slow dependency or an instance that restarts.',
    fires: `system shop {
  client web { rate: 1k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 3  cores: 4  service_time: 10ms }
  web -> lb -> api
}`,
    fixed: `system shop {
  client web { rate: 1k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 4  cores: 4  service_time: 10ms }
  web -> lb -> api
}`,
  },
  check({ system, facts, fix, report }) {
    for (const c of system.components.values()) {
      const e = facts.estimate.byName.get(c.name);
      const u = e?.utilization ?? 0;
      if (!e?.hasCapacity || u < NEAR_CAPACITY || u >= 1) continue;
      report({
        message: `${loadSentence(c, e)}. Above 80 % waiting grows steeply and there is no headroom for a spike or a failed instance.${c.kind === 'database' ? ` ${databaseAdvice(c, e)}` : ` Run ${instancesAdvice(c, e)}.`}`,
        span: capacitySpan(c),
        fixes: scaleFix(c, e, fix),
      });
    }
  },
};
