import { estimateSlos, type SloEstimate } from '../../estimate/slo';
import { formatDuration, formatPercent } from '../../estimate/human';
import type { Rule } from '../types';

export const sloAtRisk: Rule = {
  id: 'slo-at-risk',
  severity: 'warning',
  category: 'Targets and cost',
  summary: 'The estimate says an SLO of the design cannot hold at peak.',
  docs: {
    checks: 'Each target of an `slo { … }` block against the estimate at peak. Latency: the mean response time of the clients concerned, and for percentiles an approximation that takes each client\'s response time as exponential (p99 ≈ 4.6 × the mean); an overloaded station on the path makes every latency target unreachable. Availability: the share of requests that capacity does not lose (rate limits, overloaded stations). The estimate has no failure rates, so outages of components are not in this figure: the single-point-of-failure rule and `simulate` with a scenario cover them (docs/slo.md).',
    why: 'A target written in the design is a promise. Checking it against the same queueing arithmetic the capacity rules use shows a missed promise while the design is on the screen, not in a post-mortem. Percentiles grow much faster than the mean near capacity, so a design whose mean looks fine can miss its p99.',
    fires: `system shop {
  slo { p99: 100ms }
  client web { rate: 1k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 4  cores: 4  service_time: 15ms }
  web -> lb -> api
}`,
    fixed: `system shop {
  slo { p99: 100ms }
  client web { rate: 1k/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 6  cores: 4  service_time: 15ms }
  web -> lb -> api
}`,
  },
  check({ system, facts, report }) {
    for (const s of estimateSlos(system, facts.estimate)) {
      const missed = s.target.metric === 'availability' ? s.value < s.target.target : s.value > s.target.target;
      if (missed) report({ message: message(s), span: s.target.span });
    }
  },
};

function message(s: SloEstimate): string {
  const metric = s.target.metric;
  const whose = s.target.client === undefined ? '' : ` of client \`${s.target.client}\``;
  const causes = s.causes.map((c) => `\`${c}\``).join(', ');
  if (metric === 'availability') {
    return `The availability target${whose} is ${formatPercent(s.target.target)}, but at peak only ${formatPercent(s.value)} of the requests get through: ${causes || 'capacity'} ${s.causes.length === 1 ? 'loses' : 'lose'} the rest (rate limits, overload). Failures of components are not in this estimate.`;
  }
  if (!Number.isFinite(s.value)) {
    return `The ${metric} target${whose} of ${formatDuration(s.target.target)} cannot hold: ${causes} ${s.causes.length === 1 ? 'is' : 'are'} overloaded at peak, so waiting grows without bound.`;
  }
  const estimated = metric === 'mean' ? 'The estimated mean response' : `The estimated ${metric} (approximate: an exponential tail on the mean response)`;
  return `${estimated}${whose} is ${formatDuration(s.value)} at peak, above its target of ${formatDuration(s.target.target)}.`;
}
