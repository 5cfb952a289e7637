import { budgetOf } from '../../model/semantic';
import { biggestCosts } from '../../estimate/cost';
import { formatUsd } from '../../estimate/human';
import type { Rule } from '../types';

/** How many of the biggest parts of the bill the message names. */
const CONTRIBUTORS = 3;

export const overBudget: Rule = {
  id: 'over-budget',
  severity: 'warning',
  category: 'Targets and cost',
  summary: 'The estimated monthly cost of the design is above its `budget:`.',
  docs: {
    checks: 'The monthly cost of every component from the built-in price table or its own `price:` (instances × 730 hours × the hourly price, plus requests and messages at the average rate × their price; docs/cost.md), summed, against the system\'s `budget:`.',
    why: 'What good design costs is part of the design: a cache that spares four database nodes pays for itself, a third replica may not. A budget written next to the design makes the trade-off visible while it is still cheap to change, instead of on the first bill.',
    fires: `system shop {
  budget: 1k/month
  client web { rate: 1k/s }
  loadbalancer lb: alb { instances: 2 }
  service api { instances: 4  cores: 4  service_time: 10ms }
  database db: postgres {
    replication { mode: primary_replica  replicas: 1 }
    backup: daily
  }
  web -> lb -> api -> db
}`,
    fixed: `system shop {
  budget: 5k/month
  client web { rate: 1k/s }
  loadbalancer lb: alb { instances: 2 }
  service api { instances: 4  cores: 4  service_time: 10ms }
  database db: postgres {
    replication { mode: primary_replica  replicas: 1 }
    backup: daily
  }
  web -> lb -> api -> db
}`,
  },
  check({ system, facts, report }) {
    const budget = budgetOf(system);
    if (!budget) return;
    const cost = facts.estimate.cost;
    if (cost.monthlyUsd <= budget.monthlyUsd) return;
    const over = cost.monthlyUsd - budget.monthlyUsd;
    const biggest = biggestCosts(cost, CONTRIBUTORS).map((c) => `\`${c.name}\` ${formatUsd(c.monthlyUsd)}`);
    report({
      message: `The design costs an estimated ${formatUsd(cost.monthlyUsd)} a month, ${formatUsd(over)} (${Math.round((over / budget.monthlyUsd) * 100)} %) over its budget of ${formatUsd(budget.monthlyUsd)}. The biggest parts: ${biggest.join(', ')}.`,
      span: budget.span,
      related: biggestCosts(cost, CONTRIBUTORS).map((c) => ({ message: `${formatUsd(c.monthlyUsd)} a month.`, span: system.components.get(c.name)!.nameSpan })),
    });
  },
};
