// The designs of the seed article that motivated the second design review,
// written as the project's own tests. The shop is the article's
// recommendation (strongly consistent orders, an eventually consistent
// catalogue, a CDN, a stream read by two consumer groups) and must lint
// clean; the timeline carries each of the article's sharding mistakes, and
// each must be reported, with nothing else.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/analyze';
import { repoRoot } from '../helpers/repo';
import { assertNoLanguageErrors, where } from './helpers';

const SHOP = fs.readFileSync(path.join(repoRoot, 'samples', 'shop-orders-and-catalogue.sysdesign'), 'utf8');

const TIMELINE = `// A Twitter-scale timeline, sharded the way the seed article warns against.
system twitter "Timeline at scale" {
  cap: AP

  workload {
    dau: 200M
    writes_per_user: 5/day
    reads_per_user: 500/day
    record_size: 300B
    peak_factor: 3
  }

  client apps { rate: 20k/s }

  proxy edge { mode: forward  instances: 4 }
  gateway api { instances: 8 }
  loadbalancer timeline_lb { algorithm: least_connections  instances: 2  health_check: false }

  service timeline { cores: 4  service_time: 5ms  autoscale { min: 20  max: 60 } }
  orchestrator k8s: kubernetes { instances: 3 }
  service tweets_api { instances: 20  cores: 4  service_time: 5ms }

  cache timeline_cache: redis { ttl: 1m  hit_ratio: 90%  instances: 8  cores: 4 }

  // Users by region: two shards for the whole world.
  database users: cassandra {
    sharding { strategy: geo  shards: 2  key: region }
    replication { mode: leaderless  replicas: 3 }
    quorum { w: 1  r: 1 }
    consistency: eventual
    cores: 16
    table accounts { columns: [user_id, handle, region]  key: user_id }
  }

  // Tweets by time: every new tweet lands on the last shard.
  database tweets: cassandra {
    sharding { strategy: range  shards: 16  key: created_at }
    replication { mode: leaderless  replicas: 3 }
    consistency: eventual
    backup: daily
    table tweets { columns: [tweet_id, author_id, created_at, body, hashtag]  key: tweet_id }
  }

  pubsub fanout
  worker timeline_writer { instances: 20  service_time: 20ms }

  query tweets_by_author { from: tweets  where: tweets.author_id  rate: 2k/s }
  query by_hashtag { from: tweets  where: tweets.hashtag  rate: 500/s }
  query author_names {
    from: tweets
    join: tweets.author_id = accounts.user_id
    rate: 1k/s
  }

  apps -> edge -> api -> timeline_lb -> timeline -> timeline_cache -> tweets
  api -> tweets_api -> tweets
  tweets_api -> users (on: read)
  tweets_api -> fanout (on: write)
  fanout -> timeline_writer
  k8s -> timeline // deploys and scales it: management, not requests
}
`;

describe('the article\'s e-commerce design', () => {
  test('lints clean: no finding of any severity', () => {
    const analysis = analyze(SHOP);
    assertNoLanguageErrors(analysis);
    assert.deepEqual(analysis.diagnostics.map((d) => `${d.rule} at ${where(analysis, d.span)}: ${d.message}`), []);
  });

  test('it is the mix the article recommends: a CP store beside an AP one, a CDN, a stream with two consumer groups', () => {
    const system = analyze(SHOP).systems[0];
    const c = (name: string) => system.components.get(name)!;
    assert.equal(c('orders').props.str('cap'), 'CP');
    assert.equal(c('catalogue').props.str('cap'), 'AP');
    assert.equal(c('catalogue').props.str('consistency'), 'eventual');
    assert.equal(c('images').kind, 'cdn');
    assert.deepEqual(c('order_events').outgoing.map((e) => e.group), ['fulfilment', 'emails']);
  });

  test('eventual-financial still guards the money: the orders store made eventual fires it', () => {
    const analysis = analyze(SHOP.replace(/cap: CP\n(\s+)consistency: strong/, 'cap: CP\n$1consistency: eventual'));
    assert.deepEqual([...new Set(analysis.diagnostics.map((d) => d.rule))].sort(), ['cap-contradiction', 'eventual-financial']);
  });
});

describe('the article\'s Twitter-scale sharding design', () => {
  const analysis = analyze(TIMELINE);

  test('is valid as far as the language goes', () => {
    assertNoLanguageErrors(analysis);
  });

  test('each of its mistakes is reported where it is made, and nothing else', () => {
    const found = analysis.diagnostics.map((d) => `${d.rule} @ ${analysis.lines.position(d.span.start).line + 1}`).sort();
    const line = (text: string) => TIMELINE.split('\n').findIndex((l) => l.includes(text)) + 1;
    const expected = [
      `forward-proxy-inbound @ ${line('mode: forward')}`,
      `unauthenticated-entry @ ${line('gateway api')}`,
      `health-check-disabled @ ${line('health_check: false')}`,
      `no-backup @ ${line('database users')}`,
      `geo-shard-hotspot @ ${line('strategy: geo')}`,
      `range-shard-hotspot @ ${line('strategy: range')}`,
      `scatter-gather-query @ ${line('query tweets_by_author')}`,
      `unindexed-query @ ${line('query tweets_by_author')}`,
      `scatter-gather-query @ ${line('query by_hashtag')}`,
      `unindexed-query @ ${line('query by_hashtag')}`,
      `cross-shard-join @ ${line('join: tweets.author_id')}`,
      `pubsub-durable-work @ ${line('fanout -> timeline_writer')}`,
    ].sort();
    assert.deepEqual(found, expected);
  });

  test('the orchestrator that deploys the autoscaled timeline is management: no autoscale-without-lb, no load on it', () => {
    assert.equal(analysis.diagnostics.some((d) => d.rule === 'autoscale-without-lb'), false);
    const estimate = analysis.estimate(analysis.systems[0]);
    assert.equal(estimate.byName.get('k8s')!.rateRps, 0);
  });
});
