import { formatDuration, formatPercent, formatRate } from '../../estimate/human';
import { semanticsOf } from '../../model/semantic';
import type { Rule } from '../types';

export const autoscaleMinBelowPeak: Rule = {
  id: 'autoscale-min-below-peak',
  severity: 'warning',
  category: 'Availability and scaling',
  summary: 'An autoscaled component\'s `min` instances cannot carry the peak: when the peak arrives at the minimum, requests queue until the autoscaler has added instances.',
  docs: {
    checks: 'For every autoscaled component whose `max` carries the peak (otherwise `overload` fires): peak arrival rate × service time against `min` × cores. It fires when the minimum would run at 100 % or more, and says how long scaling up takes: a decision at the next check (`interval`), then `warmup` before a new instance serves.',
    why: 'Autoscaling follows load, it does not anticipate it. A component sized at its minimum when a peak arrives runs over capacity until new instances are warm: the queue, and the response time, grow for the interval plus the warm-up. Either the minimum carries the peak, or the load must ramp up more slowly than the autoscaler.',
    fires: `system shop {
  client web { rate: 1k/s }
  loadbalancer lb { instances: 2 }
  service api { service_time: 10ms  autoscale { min: 2  max: 20 } }
  web -> lb -> api
}`,
    fixed: `system shop {
  client web { rate: 1k/s }
  loadbalancer lb { instances: 2 }
  service api { service_time: 10ms  autoscale { min: 11  max: 20 } }
  web -> lb -> api
}`,
  },
  check({ system, facts, report }) {
    for (const c of system.components.values()) {
      const e = facts.estimate.byName.get(c.name);
      const autoscale = semanticsOf(c).capacity.autoscale;
      if (!autoscale || c.kind === 'database' || !e?.hasCapacity || e.coresNeeded === undefined || !e.coresPerInstance) continue;
      if ((e.utilization ?? 0) >= 1) continue; // max cannot carry it either: overload says so
      const atMin = e.coresNeeded / (autoscale.min * e.coresPerInstance);
      if (atMin < 1) continue;
      const block = c.blocks.get('autoscale')!;
      const step = autoscale.interval + autoscale.warmup;
      report({
        message: `\`${c.name}\` receives ${formatRate(e.rateRps)} at peak, ${+e.coresNeeded.toPrecision(3)} cores of work; at its minimum of ${autoscale.min} × ${e.coresPerInstance} cores it would run at ${formatPercent(atMin)}. Scaling up to the ${e.instancesSteady ?? e.instances} instances the peak needs takes a check (every ${formatDuration(autoscale.interval)}) plus the ${formatDuration(autoscale.warmup)} warm-up, up to ${formatDuration(step)}, during which requests queue. Raise \`min\` to at least ${Math.floor(e.coresNeeded / e.coresPerInstance + 1e-9) + 1} or expect a slow start at each peak.`,
        span: block.props.get('min')?.valueSpan ?? block.span,
      });
    }
  },
};
