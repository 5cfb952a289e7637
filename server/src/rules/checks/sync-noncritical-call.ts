import type { Rule } from '../types';

export const syncNoncriticalCall: Rule = {
  id: 'sync-noncritical-call',
  severity: 'info',
  category: 'Messaging',
  summary: 'A request path calls work marked `critical: false` synchronously: the user waits for work that could be an event.',
  quickFix: 'Make it asynchronous through a queue',
  docs: {
    checks: 'A synchronous connection, on a path that starts at a client, to a component with `critical: false`.',
    why: 'Work that the user does not need to wait for (sending an email, updating analytics) adds its latency, and its failures, to every request when it is called synchronously. Publish an event to a queue or stream instead and let the work happen in the background.',
    fires: `system shop {
  client web { rate: 100/s }
  service checkout { instances: 2 }
  service emails { instances: 2  critical: false }
  web -> checkout -> emails
}`,
    fixed: `system shop {
  client web { rate: 100/s }
  service checkout { instances: 2 }
  service emails { instances: 2  critical: false }
  queue emails_queue
  web -> checkout -> emails_queue -> emails
}`,
  },
  check({ system, facts, fix, report }) {
    for (const e of facts.syncEdges) {
      const target = e.to;
      if (target.props.bool('critical') !== false || !target.props.has('critical')) continue;
      if (!(e.from.kind === 'client' || facts.onRequestPath.has(e.from))) continue;
      let queueName = `${target.name}_queue`;
      for (let i = 2; system.components.has(queueName); i++) queueName = `${target.name}_queue${i}`;
      report({
        message: `\`${e.from.name}\` calls \`${target.name}\` synchronously on a user's request, but \`${target.name}\` is marked critical: false: the user waits for work they do not need. Publish to a queue and let \`${target.name}\` consume it.`,
        span: e.hopSpan,
        related: [{ message: `\`${target.name}\` is marked critical: false.`, span: target.props.get('critical')!.span! }],
        fixes: [{
          title: `Put queue \`${queueName}\` between \`${e.from.name}\` and \`${target.name}\``,
          edits: [fix.insertLineBefore(e.span.start, `queue ${queueName}`), fix.replace(e.toSpan, `${queueName} -> ${target.name}`)],
          preferred: true,
        }],
      });
    }
  },
};
