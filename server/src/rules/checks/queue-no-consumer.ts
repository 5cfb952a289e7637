import type { Rule } from '../types';

export const queueNoConsumer: Rule = {
  id: 'queue-no-consumer',
  severity: 'error',
  category: 'Messaging',
  summary: 'A queue or stream that something publishes to but nothing consumes.',
  docs: {
    checks: 'A `queue` or `stream` with at least one producer connection and no consumer connection.',
    why: 'Messages published to a queue or stream that nobody reads pile up until the broker runs out of space or the retention period silently drops them. Either a consumer is missing from the design or the publishing is.',
    fires: `system shop {
  service orders { instances: 2 }
  queue emails
  orders -> emails
}`,
    fixed: `system shop {
  service orders { instances: 2 }
  queue emails
  worker mailer { instances: 2 }
  orders -> emails
  emails -> mailer
}`,
  },
  check({ system, report }) {
    for (const c of system.components.values()) {
      if ((c.kind !== 'queue' && c.kind !== 'stream') || c.incoming.length === 0 || c.outgoing.length > 0) continue;
      report({
        message: `${c.kind === 'queue' ? 'Queue' : 'Stream'} \`${c.name}\` receives messages from ${[...new Set(c.incoming.map((e) => `\`${e.from.name}\``))].join(', ')} but nothing consumes it, so they pile up. Connect a consumer: ${c.name} -> worker.`,
        span: c.nameSpan,
        related: c.incoming.map((e) => ({ message: `\`${e.from.name}\` publishes here.`, span: e.hopSpan })),
      });
    }
  },
};
