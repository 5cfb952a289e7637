import { mostInstances, semanticsOf } from '../../model/semantic';
import { changeKind } from '../helpers';
import type { Rule } from '../types';
import { maxOf } from '../../arrays';

export const pubsubDurableWork: Rule = {
  id: 'pubsub-durable-work',
  severity: 'warning',
  category: 'Messaging',
  summary: 'A pub/sub channel feeds critical or long-running work, but keeps nothing: a consumer that is down loses messages.',
  quickFix: 'Use a queue or a stream',
  docs: {
    checks: 'A `pubsub` channel consumed by a worker or service that is critical (`critical` defaults to true; write `critical: false` for work that may be dropped) or whose service time is 1 s or more.',
    why: 'Pub/sub pushes each message to the subscribers that are listening right now and keeps no copy. That suits notifications that may be dropped. For work that must happen (charging a card, transcoding a video), a consumer that is restarting or busy misses messages for good. A queue or a stream keeps each message until it is processed.',
    fires: `system shop {
  service orders { instances: 2 }
  pubsub order_events
  worker invoicer { instances: 2  service_time: 2s }
  orders -> order_events
  order_events -> invoicer
}`,
    fixed: `system shop {
  service orders { instances: 2 }
  queue order_events
  worker invoicer { instances: 2  service_time: 2s }
  orders -> order_events
  order_events -> invoicer
}`,
  },
  check({ system, fix, report }) {
    for (const channel of system.components.values()) {
      if (channel.kind !== 'pubsub') continue;
      const consumers = new Set(channel.outgoing.map((e) => e.to));
      for (const e of channel.outgoing) {
        const c = e.to;
        if (c.kind !== 'worker' && c.kind !== 'service') continue;
        // `critical` defaults to true: only an explicit `critical: false` says the work may be dropped.
        const critical = c.props.bool('critical') !== false;
        const mean = semanticsOf(c).serviceTime?.mean ?? 0;
        if (!critical && mean < 1) continue;
        const why = !critical ? `takes ${mean} s per message` : c.props.has('critical') ? 'is marked critical' : 'is critical (the default; write `critical: false` if its work may be dropped)';
        const replacement = consumers.size > 1 ? 'stream' : 'queue';
        const edits = changeKind(channel, replacement, fix);
        // A stream gives each consumer its own group: enough partitions for the largest, or it sits idle.
        const partitions = maxOf([...consumers].map(mostInstances));
        if (replacement === 'stream' && partitions > 1) edits.push(fix.insertItem(channel.decl, `partitions: ${partitions}`));
        report({
          message: `\`${c.name}\` ${why}, but it receives work from pub/sub channel \`${channel.name}\`, which keeps nothing: while \`${c.name}\` is down or busy, messages are lost. Use a ${replacement} so messages wait until they are processed.`,
          span: e.hopSpan,
          related: [{ message: `\`${channel.name}\` is a pub/sub channel.`, span: channel.decl.keyword.span }],
          fixes: [{ title: `Change \`${channel.name}\` to a ${replacement}`, edits, preferred: true }],
        });
      }
    }
  },
};
