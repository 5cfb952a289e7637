import { mostInstances } from '../../model/semantic';
import type { Rule } from '../types';

export const healthCheckDisabled: Rule = {
  id: 'health-check-disabled',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'A load balancer with health checks turned off keeps sending requests to instances that have died.',
  quickFix: 'Turn health checks on',
  docs: {
    checks: 'A load balancer with `health_check: false` (health checks are on by default).',
    why: 'Health checks are how a balancer learns that an instance has died: it probes each one and stops routing to those that do not answer. Without them it keeps handing a dead instance its share of requests until the instance comes back, so one crashed server out of three fails about a third of all requests instead of a few seconds\' worth. The simulator shows the difference when a backend is stopped.',
    fires: `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2  health_check: false }
  service api { instances: 3 }
  web -> lb -> api
}`,
    fixed: `system shop {
  client web { rate: 100/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 3 }
  web -> lb -> api
}`,
  },
  check({ system, fix, report }) {
    for (const lb of system.components.values()) {
      const healthCheck = lb.props.get('health_check');
      if (lb.kind !== 'loadbalancer' || !healthCheck?.explicit || healthCheck.value !== false) continue;
      const behind = lb.outgoing.reduce((n, e) => n + mostInstances(e.to), 0);
      const share = behind > 1 ? ` With ${behind} instances behind it, one dead instance fails about 1 in ${behind} requests for as long as it is down.` : '';
      report({
        message: `Load balancer \`${lb.name}\` has health checks off, so it keeps sending requests to an instance that has died.${share} Turn health checks on.`,
        span: healthCheck.valueSpan!,
        fixes: [{ title: 'Turn health checks on', edits: [fix.replace(healthCheck.valueSpan!, 'true')], preferred: true }],
      });
    }
  },
};
