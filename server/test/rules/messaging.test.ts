// Messaging rules: each fires on its trigger, stays silent just on the other
// side of it, and its quick fixes leave a valid design without it.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { fires, fixedText, fixesWork, ruleTable, silent } from './helpers';

describe('queue-multiple-consumer-types', () => {
  const id = 'queue-multiple-consumer-types';

  test('fires on the second consumer\'s connection', () => {
    const fired = fires(id, `system video {
  service upload { instances: 2 }
  queue video_jobs
  worker transcoder { instances: 2 }
  worker captioner { instances: 2 }
  upload -> video_jobs
  video_jobs -> transcoder
  ⟦video_jobs -> captioner⟧
}`, ['video_jobs', 'transcoder', 'captioner']);
    const related = fired.findings[0].related!.map((r) => fired.analysis.text.slice(r.span.start, r.span.end));
    assert.deepEqual(related, ['video_jobs -> transcoder']);
  });

  ruleTable(id, [
    {
      name: 'silent when two connections reach the same component',
      design: `system video {
  service upload { instances: 2 }
  queue video_jobs
  worker transcoder { instances: 4 }
  upload -> video_jobs
  video_jobs -> transcoder
  video_jobs -> transcoder (rate: 10/s)
}`,
    },
    {
      name: 'silent on a stream with two consumer groups',
      design: `system video {
  service upload { instances: 2 }
  stream video_jobs { partitions: 4 }
  worker transcoder { instances: 2 }
  worker captioner { instances: 2 }
  upload -> video_jobs
  video_jobs -> transcoder
  video_jobs -> captioner
}`,
    },
    {
      name: 'three consumers: one finding for each consumer after the first',
      design: `system video {
  service upload { instances: 2 }
  queue video_jobs
  worker transcoder
  worker captioner
  worker thumbnailer
  upload -> video_jobs
  video_jobs -> transcoder
  ⟦video_jobs -> captioner⟧
  ⟦video_jobs -> thumbnailer⟧
}`,
      names: ['transcoder', 'captioner', 'thumbnailer'],
    },
  ]);

  test('many kinds of consumer: each finding names a few of them, so the output grows linearly', () => {
    const kinds = 400;
    const workers = Array.from({ length: kinds }, (_, i) => `  worker w${i}`).join('\n');
    const hops = Array.from({ length: kinds }, (_, i) => `  jobs -> w${i}`).join('\n');
    const text = `system big {\n  service api { instances: 2 }\n  queue jobs\n${workers}\n  api -> jobs\n${hops}\n}\n`;
    const found = analyze(text).diagnostics.filter((d) => d.rule === id);
    assert.equal(found.length, kinds - 1);
    for (const d of found) {
      assert.ok(d.related!.length <= 6, `${d.related!.length} related locations`);
      assert.match(d.message, /`w0`, `w1`, `w2`, `w3`, `w4`, `w5` and 394 others\./);
    }
  });

  test('quick fix turns the queue into a stream with a group per consumer and drops queue-only properties', () => {
    const fired = fires(id, `system video {
  service upload { instances: 2 }
  queue video_jobs {
    visibility_timeout: 5m
    max_length: 10k
  }
  worker transcoder
  worker captioner
  upload -> video_jobs
  video_jobs -> transcoder
  ⟦video_jobs -> captioner⟧
}`, ['video_jobs']);
    const [fixed] = fixesWork(id, fired);
    assert.equal(fixed.text, `system video {
  service upload { instances: 2 }
  stream video_jobs {
  }
  worker transcoder
  worker captioner
  upload -> video_jobs
  video_jobs -> transcoder (group: transcoder)
  video_jobs -> captioner (group: captioner)
}`);
  });

  test('quick fix gives the stream enough partitions for the largest consumer', () => {
    const fired = fires(id, `system video {
  service upload { instances: 2 }
  queue video_jobs { visibility_timeout: 5m }
  worker transcoder { instances: 6 }
  worker captioner { autoscale { min: 2  max: 8 } }
  upload -> video_jobs
  video_jobs -> transcoder
  ⟦video_jobs -> captioner⟧
}`, ['video_jobs']);
    const [fixed] = fixesWork(id, fired);
    assert.match(fixed.text, /stream video_jobs \{ partitions: 8 +\}/);
    silent('stream-idle-consumers', fixed.text);
  });

  test('quick fix on a queue with a technology that has no streams (sqs) stays valid', () => {
    const fired = fires(id, `system video {
  service upload { instances: 2 }
  queue video_jobs: sqs { visibility_timeout: 5m }
  worker transcoder
  worker captioner
  upload -> video_jobs
  video_jobs -> transcoder
  ⟦video_jobs -> captioner⟧
}`, ['video_jobs']);
    const [fixed] = fixesWork(id, fired);
    assert.match(fixed.text, /stream video_jobs \{ \}/);
  });

  test('quick fix keeps a technology that also offers streams (pulsar)', () => {
    const fired = fires(id, `system video {
  service upload { instances: 2 }
  queue video_jobs: pulsar
  worker transcoder
  worker captioner
  upload -> video_jobs
  video_jobs -> transcoder
  ⟦video_jobs -> captioner⟧
}`, ['video_jobs']);
    assert.match(fixedText(fired), /stream video_jobs: pulsar\n/);
  });
});

describe('stream-idle-consumers', () => {
  const id = 'stream-idle-consumers';
  const design = (partitions: string, instances: number) => `system rides {
  service api { instances: 2 }
  stream locations: kafka { partitions: ${partitions} }
  worker matcher { instances: ${instances} }
  api -> locations
  locations -> matcher
}`;
  const grouped = (partitions: string) => `system rides {
  service api { instances: 2 }
  stream locations: kafka { partitions: ${partitions} }
  worker matcher_a { instances: 3 }
  worker matcher_b { instances: 3 }
  worker audit { instances: 2 }
  api -> locations
  locations -> matcher_a (group: matching)
  locations -> matcher_b (group: matching)
  locations -> audit
}`;
  const autoscaled = (partitions: string) => `system rides {
  service api { instances: 2 }
  stream locations: kafka { partitions: ${partitions} }
  worker matcher { autoscale { min: 2  max: 12 } }
  api -> locations
  locations -> matcher
}`;

  test('fires on partitions when a group has more instances', () => {
    const fired = fires(id, design('⟦4⟧', 8), ['matcher', 'locations']);
    assert.match(fired.findings[0].message, /4 sit idle/);
  });

  ruleTable(id, [
    { name: 'silent when partitions equal the instances', design: design('8', 8) },
    { name: 'instances of one group add up; other groups count separately', design: grouped('⟦5⟧'), names: ['matching', 'locations'] },
    { name: 'silent when partitions cover the instances of the group', design: grouped('6') },
    { name: 'counts autoscale\'s max', design: autoscaled('⟦8⟧'), names: ['matcher', 'locations'] },
    { name: 'silent when partitions cover autoscale\'s max', design: autoscaled('12') },
    {
      name: 'default of one partition: fires on the stream name, fix adds partitions',
      design: `system rides {
  service api { instances: 2 }
  stream ⟦locations⟧
  worker matcher { instances: 2 }
  api -> locations
  locations -> matcher
}`,
      names: ['locations', 'matcher'],
      fixed: /stream locations \{ partitions: 2 \}/,
    },
    { name: 'quick fix raises partitions to the group\'s instances', design: design('⟦4⟧', 8), names: ['matcher'], fixed: /partitions: 8 \}/ },
  ]);
});

describe('pubsub-durable-work', () => {
  const id = 'pubsub-durable-work';
  const design = (worker: string, hop = 'order_events -> invoicer') => `system shop {
  service orders { instances: 2 }
  pubsub order_events
  worker invoicer { instances: 2  ${worker} }
  orders -> order_events
  ${hop}
}`;
  const hop = '⟦order_events -> invoicer⟧';

  ruleTable(id, [
    { name: 'fires on the consumer connection at a service time of 1 s', design: design('critical: false  service_time: 1s', hop), names: ['invoicer', 'order_events'] },
    { name: 'silent at 999 ms when the work may be dropped (critical: false)', design: design('critical: false  service_time: 999ms') },
    { name: 'critical defaults to true: fires without critical written, and says so', design: design('service_time: 10ms', hop), names: ['invoicer', 'default', 'critical: false'] },
    { name: 'uses the mean of a distribution: lognormal(2s, 1s) fires', design: design('service_time: lognormal(2s, 1s)', hop), names: ['invoicer'] },
    { name: 'uses the mean of a distribution: normal(500ms, 100ms) is silent', design: design('critical: false  service_time: normal(500ms, 100ms)') },
    { name: 'fires for a consumer marked critical', design: design('critical', hop), names: ['invoicer', 'order_events', 'critical'] },
    { name: 'fires for a consumer marked critical: true', design: design('critical: true', hop), names: ['invoicer'] },
    { name: 'silent for critical: false', design: design('critical: false') },
    {
      name: 'fires for a service consumer too',
      design: `system shop {
  service orders { instances: 2 }
  pubsub order_events
  service billing { instances: 2  service_time: 3s }
  orders -> order_events
  ⟦order_events -> billing⟧
}`,
      names: ['billing'],
    },
    {
      name: 'silent for a job consumer',
      design: `system shop {
  service orders { instances: 2 }
  pubsub order_events
  job nightly: spark { service_time: 30s }
  orders -> order_events
  order_events -> nightly
}`,
    },
    { name: 'silent on a queue', design: design('service_time: 2s').replace('pubsub order_events', 'queue order_events') },
    { name: 'quick fix: one consumer gets a queue', design: design('service_time: 2s', hop), names: ['invoicer'], fixed: /\n {2}queue order_events\n/ },
  ]);

  test('quick fix: several consumers get a stream', () => {
    const fired = fires(id, `system shop {
  service orders { instances: 2 }
  pubsub order_events
  worker invoicer { service_time: 2s }
  worker notifier { service_time: 10ms  critical: false }
  orders -> order_events
  ⟦order_events -> invoicer⟧
  order_events -> notifier
}`, ['invoicer']);
    fixesWork(id, fired);
    assert.match(fixedText(fired), /\n {2}stream order_events\n/);
  });

  test('quick fix: a stream gets enough partitions for its consumers', () => {
    const fired = fires(id, `system shop {
  service orders { instances: 2 }
  pubsub order_events: sns
  worker invoicer { instances: 4  service_time: 2s }
  worker notifier { instances: 2  service_time: 10ms  critical: false }
  orders -> order_events
  ⟦order_events -> invoicer⟧
  order_events -> notifier
}`, ['invoicer']);
    const [fixed] = fixesWork(id, fired);
    assert.match(fixed.text, /\n {2}stream order_events \{ partitions: 4 \}\n/);
    silent('stream-idle-consumers', fixed.text);
  });

  test('quick fix on a channel whose technology has no queues (sns, redis) stays valid', () => {
    for (const tech of ['sns', 'redis']) {
      const fired = fires(id, `system shop {
  service orders { instances: 2 }
  pubsub order_events: ${tech}
  worker invoicer { instances: 2  critical }
  orders -> order_events
  ⟦order_events -> invoicer⟧
}`, ['invoicer']);
      fixesWork(id, fired);
    }
  });
});

describe('queue-no-consumer', () => {
  ruleTable('queue-no-consumer', [
    {
      name: 'fires on a queue with a producer and no consumer',
      design: `system shop {
  service orders { instances: 2 }
  service billing { instances: 2 }
  queue ⟦emails⟧
  orders -> emails
  billing -> emails
}`,
      names: ['emails', 'orders', 'billing'],
    },
    {
      name: 'fires on a stream too',
      design: `system shop {
  service orders { instances: 2 }
  stream ⟦events⟧: kafka
  orders -> events
}`,
      names: ['events', 'orders'],
    },
    {
      name: 'silent once something consumes it',
      design: `system shop {
  service orders { instances: 2 }
  queue emails
  worker mailer { instances: 2 }
  orders -> emails
  emails -> mailer
}`,
    },
    {
      name: 'silent on a queue nobody publishes to (a dead-letter queue)',
      design: `system shop {
  service orders { instances: 2 }
  queue emails { dead_letter: failed_emails }
  queue failed_emails
  worker mailer { instances: 2 }
  orders -> emails -> mailer
}`,
    },
    {
      name: 'silent on a pub/sub channel without subscribers',
      design: `system shop {
  service orders { instances: 2 }
  pubsub ticks
  orders -> ticks
}`,
    },
  ]);
});

describe('sync-noncritical-call', () => {
  const id = 'sync-noncritical-call';
  const design = (critical: string, hop = 'checkout -> emails', extra = '') => `system shop {
  client web { rate: 100/s }
  service checkout { instances: 2 }
  service emails { instances: 2  ${critical} }
  web -> ${hop}${extra}
}`;

  ruleTable(id, [
    { name: 'fires (info) on the hop to a critical: false component on a request path', design: design('critical: false', '⟦checkout -> emails⟧'), names: ['checkout', 'emails'] },
    { name: 'silent for critical: true', design: design('critical: true') },
    { name: 'silent for critical work by default', design: design('') },
    { name: 'silent when the call is async', design: design('critical: false', 'checkout -> emails', ' (async)') },
    {
      name: 'silent off the request path (called by a queue consumer)',
      design: `system shop {
  client web { rate: 100/s }
  service checkout { instances: 2 }
  queue orders
  worker fulfilment { instances: 2 }
  service emails { instances: 2  critical: false }
  web -> checkout -> orders -> fulfilment -> emails
}`,
    },
    {
      name: 'fires on a client calling it directly',
      design: `system shop {
  client web { rate: 100/s }
  service tracking { instances: 2  critical: false }
  ⟦web -> tracking⟧
}`,
      names: ['web', 'tracking'],
    },
  ]);

  test('quick fix puts a queue in between', () => {
    const fired = fires(id, design('critical: false', '⟦checkout -> emails⟧'), ['emails']);
    const [fixed] = fixesWork(id, fired);
    assert.equal(fixed.text, `system shop {
  client web { rate: 100/s }
  service checkout { instances: 2 }
  service emails { instances: 2  critical: false }
  queue emails_queue
  web -> checkout -> emails_queue -> emails
}`);
  });

  test('quick fix picks a free queue name', () => {
    const fired = fires(id, `system shop {
  client web { rate: 100/s }
  service checkout { instances: 2 }
  service emails { instances: 2  critical: false }
  queue emails_queue
  worker other { instances: 2 }
  checkout -> emails_queue -> other
  web -> ⟦checkout -> emails⟧
}`, ['emails']);
    const [fixed] = fixesWork(id, fired);
    assert.match(fixed.text, /queue emails_queue2\n {2}web -> checkout -> emails_queue2 -> emails\n/);
  });
});

test('messaging fixes never break the rest of the design', () => {
  // A realistic fan-out: the fixed design must still have the producer and consumers wired.
  const text = `system video {
  service upload { instances: 2 }
  queue video_jobs
  worker transcoder { instances: 2 }
  worker captioner { instances: 2 }
  upload -> video_jobs
  video_jobs -> transcoder
  video_jobs -> captioner
}`;
  const finding = analyze(text).diagnostics.find((d) => d.rule === 'queue-multiple-consumer-types')!;
  const fixed = analyze(fixedText({ analysis: analyze(text), findings: [finding] }));
  const stream = fixed.systems[0].components.get('video_jobs')!;
  assert.equal(stream.kind, 'stream');
  assert.deepEqual(stream.outgoing.map((e) => [e.to.name, e.group]), [['transcoder', 'transcoder'], ['captioner', 'captioner']]);
  assert.deepEqual(stream.incoming.map((e) => e.from.name), ['upload']);
});
