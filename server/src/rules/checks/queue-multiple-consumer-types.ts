import type { EdgeModel } from '../../model/types';
import { mostInstances } from '../../model/semantic';
import { changeKind } from '../helpers';
import type { Rule, TextEdit } from '../types';
import { maxOf } from '../../arrays';

const QUEUE_ONLY = ['max_length', 'visibility_timeout', 'dead_letter'] as const;
/**
 * Consumers named in a message, and related locations per finding: a queue
 * with k kinds of consumer gets k − 1 findings, so listing every consumer in
 * each would make the output grow as k².
 */
const MAX_LISTED = 6;

export const queueMultipleConsumerTypes: Rule = {
  id: 'queue-multiple-consumer-types',
  severity: 'warning',
  category: 'Messaging',
  summary: 'A queue consumed by two or more different components: each message goes to only one of them.',
  quickFix: 'Change the queue to a stream with a consumer group per consumer',
  docs: {
    checks: 'A `queue` with consumer connections to two or more different components.',
    why: 'A queue hands each message to exactly one consumer. That is right for spreading work over identical workers, and wrong when different services each need to see every message: each sees only its share, and which one gets a message is luck. A stream (or pub/sub) gives each consumer group its own copy of every message.',
    fires: `system video {
  service upload { instances: 2 }
  queue video_jobs
  worker transcoder { instances: 2 }
  worker captioner { instances: 2 }
  upload -> video_jobs
  video_jobs -> transcoder
  video_jobs -> captioner
}`,
    fixed: `system video {
  service upload { instances: 2 }
  stream video_jobs { partitions: 4 }
  worker transcoder { instances: 2 }
  worker captioner { instances: 2 }
  upload -> video_jobs
  video_jobs -> transcoder (group: transcoder)
  video_jobs -> captioner (group: captioner)
}`,
  },
  check({ system, fix, report }) {
    for (const queue of system.components.values()) {
      if (queue.kind !== 'queue') continue;
      const firstByConsumer = new Map<string, EdgeModel>();
      for (const e of queue.outgoing) if (!firstByConsumer.has(e.to.name)) firstByConsumer.set(e.to.name, e);
      if (firstByConsumer.size < 2) continue;
      const edges = [...firstByConsumer.values()];
      const names = edges.map((e) => `\`${e.to.name}\``);
      const list =
        names.length > MAX_LISTED
          ? `${names.slice(0, MAX_LISTED).join(', ')} and ${names.length - MAX_LISTED} others`
          : names.length === 2
            ? `${names[0]} and ${names[1]}`
            : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
      const edits: TextEdit[] = changeKind(queue, 'stream', fix);
      for (const prop of QUEUE_ONLY) {
        const removal = fix.removeProperty(queue.props, prop);
        if (removal) edits.push(removal);
      }
      // One group per consumer: enough partitions for the largest, or the stream leaves its consumers idle.
      const partitions = maxOf(edges.map((e) => mostInstances(e.to)));
      if (partitions > 1) edits.push(fix.insertItem(queue.decl, `partitions: ${partitions}`));
      for (const e of queue.outgoing) {
        const isLastHop = e.connection.refs[e.connection.refs.length - 1].span === e.toSpan;
        if (isLastHop && e.connection.attrs.length === 0) edits.push({ span: { start: e.toSpan.end, end: e.toSpan.end }, newText: ` (group: ${e.to.name})` });
      }
      for (const extra of edges.slice(1)) {
        report({
          message: `Queue \`${queue.name}\` is consumed by ${list}. A queue hands each message to one consumer, so each sees only part of the messages. Use a stream with one consumer group per service.`,
          span: extra.hopSpan,
          related: edges
            .filter((e) => e !== extra)
            .slice(0, MAX_LISTED)
            .map((e) => ({ message: `\`${e.to.name}\` also consumes \`${queue.name}\`.`, span: e.hopSpan })),
          fixes: [{ title: `Change \`${queue.name}\` to a stream with one consumer group per consumer`, edits, preferred: true }],
        });
      }
    }
  },
};
