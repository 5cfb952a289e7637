// Presentation of the estimate (estimate/report.ts): the stable JSON of
// `estimate --format json`, the aligned CLI text, the markdown
// report of "Show Estimates", the hover texts with their arithmetic, and the
// inlay hints.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { estimateSystem, SystemEstimate } from '../../src/estimate/propagate';
import {
  componentHoverMarkdown,
  estimateJson,
  estimateMarkdown,
  estimateText,
  inlayHintText,
  round6,
  workloadHoverMarkdown,
} from '../../src/estimate/report';
import { SPEC_EXAMPLE } from '../helpers/designs';
import { expectClean } from '../helpers/inline';

function estimates(source: string): SystemEstimate[] {
  const a = analyze(source);
  expectClean(a);
  return a.systems.map(estimateSystem);
}

/** The classic example: the workload of the interview plus 10k/s × 10 ms on 4-core servers. */
const CLASSIC = `system classic {
  workload {
    dau: 100M
    writes_per_user: 10/day
    reads_per_user: 1000/day
    record_size: 500B
    media_fraction: 10%
    media_size: 2MB
    peak_factor: 3
  }
  client web { rate: 10k/s  read_ratio: 75% }
  service api { instances: 50  cores: 4  service_time: 10ms }
  web -> api
}`;

/** Every utilization band: quiet (25 %), near capacity (80 %), overloaded (125 %), plus parts without capacity. */
const EXACT_BANDS = `system bands {
  client web { rate: 1k/s  read_ratio: 75% }
  service quiet { instances: 10  service_time: 2500us }
  service busy { instances: 10  service_time: 8ms }
  service hot { instances: 10  service_time: 12500us }
  queue jobs
  worker consumer { instances: 2  service_time: 1ms }
  cdn edge { origin: assets  hit_ratio: 50% }
  blob assets
  region eu { service tucked { instances: 2 } }
  web -> quiet
  web -> busy
  web -> hot
  web -> edge
  quiet -> jobs -> consumer
}`;

describe('estimateJson', () => {
  test('exact, blocking and lost_rps say what each response figure is', () => {
    const s = estimateJson(estimates(`system s {
      client web { rate: 3k/s  read_ratio: 100% }
      loadbalancer lb { algorithm: least_connections  instances: 2 }
      service api { instances: 4  service_time: 1ms }
      service bounded { cores: 2  service_time: 1ms  max_queue: 4 }
      service shaped { cores: 4  service_time: const(1ms) }
      web -> lb -> api
      web -> bounded
      web -> shaped
    }`)).systems[0];
    assert.equal(s.components.api.exact, false, 'least connections is an approximation');
    assert.equal(s.components.lb.exact, false, 'its path waits at api');
    assert.equal(s.components.shaped.exact, false, 'M/D/4: Allen–Cunneen approximates');
    // Offered 3000/s to M/M/2/6: blocking from the stationary distribution, lost = λ × blocking.
    assert.equal(s.components.bounded.exact, true);
    assert.ok(s.components.bounded.blocking! > 0.3 && s.components.bounded.blocking! < 0.4, String(s.components.bounded.blocking));
    assert.ok(Math.abs(s.components.bounded.lost_rps! - 3000 * s.components.bounded.blocking!) < 0.01);
    assert.equal(s.components.api.blocking, undefined, 'no bounded queue, no blocking field');
    assert.equal(s.clients.web.exact, false);
    assert.deepEqual(Object.keys(s.queries), []);
  });

  test('the classic example: stable JSON names and exact figures', () => {
    const json = estimateJson(estimates(CLASSIC));
    assert.equal(json.systems.length, 1);
    const s = json.systems[0];
    assert.equal(s.system, 'classic');
    assert.equal(s.peak_factor, 3);
    assert.deepEqual(s.workload, {
      dau: 100_000_000,
      writes_per_day: 1_000_000_000,
      reads_per_day: 100_000_000_000,
      // 11,574.074… and 1,157,407.4… to 6 significant digits.
      writes_per_s: 11574.1,
      reads_per_s: 1157410,
      peak_writes_per_s: 34722.2,
      peak_reads_per_s: 3472220,
      storage_per_day_bytes: 200.5e12,
      // 200.5 TB × 1825 days = 365,912.5 TB → 3.65913e17.
      storage_total_bytes: 3.65913e17,
    });
    assert.deepEqual(s.components.api, {
      kind: 'service',
      rate_rps: 10_000,
      avg_rate_rps: 3333.33,
      reads_rps: 7500,
      writes_rps: 2500,
      cores_needed: 100,
      servers_needed: 25,
      instances: 50,
      utilization: 0.5,
      avg_utilization: 0.166667,
      // M/M/4 at ρ = 0.5, 10 ms each: a little over 10 ms.
      mean_response_ms: s.components.api.mean_response_ms,
      // Exponential service, Poisson shares: Erlang C is the exact figure.
      exact: true,
    });
    // Erlang C, a = 2, c = 4: P(wait) = (4/3) / (19/3 + 4/3) = 4/23; Wq = P / (4·100/s − 200/s) = 0.8696 ms.
    assert.equal(s.components.api.mean_response_ms, 10.8696);
    assert.deepEqual(Object.keys(s.clients), ['web']);
    assert.equal(s.clients.web.rate_rps, 10_000);
    assert.equal(s.clients.web.mean_response_ms, s.components.api.mean_response_ms);
  });

  test('keys, types and order are stable', () => {
    const json = estimateJson(estimates(SPEC_EXAMPLE));
    const s = json.systems[0];
    assert.deepEqual(Object.keys(json), ['systems']);
    assert.deepEqual(Object.keys(s), ['system', 'peak_factor', 'workload', 'components', 'clients', 'queries', 'cost']);
    assert.deepEqual(Object.keys(s.cost), ['monthly_usd', 'components']);
    // Every priced component, in declaration order; clients cost nothing.
    assert.deepEqual(Object.keys(s.cost.components), Object.keys(s.components));
    for (const v of Object.values(s.cost.components)) assert.equal(typeof v, 'number');
    assert.deepEqual(Object.keys(s.workload!), [
      'dau', 'writes_per_day', 'reads_per_day', 'writes_per_s', 'reads_per_s',
      'peak_writes_per_s', 'peak_reads_per_s', 'storage_per_day_bytes', 'storage_total_bytes',
    ]);
    for (const v of Object.values(s.workload!)) assert.equal(typeof v, 'number');
    // Declaration order; clients are listed apart.
    assert.deepEqual(Object.keys(s.components), ['edge', 'lb', 'api', 'posts', 'thumbnailer', 'feed_cache', 'content', 'photos', 'uploads']);
    const base = ['kind', 'rate_rps', 'avg_rate_rps', 'reads_rps', 'writes_rps', 'cores_needed', 'servers_needed', 'instances', 'utilization', 'avg_utilization', 'mean_response_ms', 'exact'];
    for (const [name, c] of Object.entries(s.components)) {
      const hasHit = name === 'edge' || name === 'feed_cache';
      // `posts` autoscales: its bounds and steady state follow (v2 §1).
      const autoscaled = name === 'posts' ? ['instances_min', 'instances_max', 'instances_steady'] : [];
      assert.deepEqual(Object.keys(c), [...base, ...(hasHit ? ['hit_ratio'] : []), ...autoscaled], name);
      assert.equal(typeof c.kind, 'string');
      assert.equal(typeof c.exact, 'boolean', `${name}.exact`);
      for (const k of ['rate_rps', 'avg_rate_rps', 'reads_rps', 'writes_rps'] as const) assert.equal(typeof c[k], 'number', `${name}.${k}`);
      for (const k of ['cores_needed', 'servers_needed', 'instances', 'utilization', 'avg_utilization', 'mean_response_ms'] as const) {
        assert.ok(c[k] === null || typeof c[k] === 'number', `${name}.${k}`);
      }
    }
    assert.equal(s.components.edge.hit_ratio, 0.95);
    assert.equal(s.components.feed_cache.hit_ratio, 0.8);
    // A second call gives the same text.
    assert.equal(JSON.stringify(estimateJson(estimates(SPEC_EXAMPLE))), JSON.stringify(json));
  });

  test('components without capacity have null capacity fields', () => {
    const s = estimateJson(estimates(SPEC_EXAMPLE)).systems[0];
    for (const name of ['edge', 'uploads']) {
      const c = s.components[name];
      assert.equal(c.cores_needed, null, name);
      assert.equal(c.servers_needed, null, name);
      assert.equal(c.instances, null, name);
      assert.equal(c.utilization, null, name);
      assert.equal(c.avg_utilization, null, name);
    }
    // Autoscaled: its steady state for 100/s, 1 core of work, is min (4).
    assert.equal(s.components.posts.instances, 4);
    assert.equal(s.components.posts.instances_steady, 4);
    assert.equal(s.components.content.instances, 48);
  });

  test('Infinity becomes null: an overloaded path has no finite response', () => {
    // The complete example's gateway runs at 100 %: its response and the client's are unbounded.
    const s = estimateJson(estimates(SPEC_EXAMPLE)).systems[0];
    assert.equal(s.components.api.utilization, 1);
    assert.equal(s.components.api.mean_response_ms, null);
    assert.equal(s.components.lb.mean_response_ms, null);
    assert.equal(s.clients.app.mean_response_ms, null);
    // JSON.stringify would have written null anyway, but the object itself must not hold Infinity or NaN.
    const walk = (v: unknown): void => {
      if (typeof v === 'number') assert.ok(Number.isFinite(v), `non-finite ${v}`);
      else if (v && typeof v === 'object') Object.values(v).forEach(walk);
    };
    walk(estimateJson(estimates(SPEC_EXAMPLE)));
  });

  test('no workload: null; regions and groups are not components', () => {
    const s = estimateJson(estimates(EXACT_BANDS)).systems[0];
    assert.equal(s.workload, null);
    assert.equal(s.peak_factor, 2);
    assert.ok(!('eu' in s.components));
    assert.ok('tucked' in s.components);
    assert.ok(!('web' in s.components));
    assert.equal(s.components.tucked.rate_rps, 0);
    assert.equal(s.components.tucked.utilization, 0);
  });

  test('several systems in a file, in order', () => {
    const json = estimateJson(estimates(`${CLASSIC}\n${EXACT_BANDS}`));
    assert.deepEqual(json.systems.map((s) => s.system), ['classic', 'bands']);
  });

  test('round6: 6 significant digits, null for non-finite numbers, no −0', () => {
    assert.equal(round6(11574.074074074075), 11574.1);
    assert.equal(round6(1 / 3), 0.333333);
    assert.equal(round6(200.5e12), 200.5e12);
    assert.equal(round6(123456789), 123457000);
    assert.equal(round6(Infinity), null);
    assert.equal(round6(-Infinity), null);
    assert.equal(round6(NaN), null);
    assert.ok(Object.is(round6(-0), 0));
    assert.equal(round6(0.1 + 0.2), 0.3);
  });
});

/** The component table of the text output: from its header to the blank line after it. */
function tableLines(text: string): string[] {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trimStart().startsWith('component'));
  assert.ok(start >= 0, text);
  const rows: string[] = [];
  for (let i = start; i < lines.length && lines[i].trim() !== '' && !lines[i].includes('at or above capacity'); i++) rows.push(lines[i]);
  return rows;
}

describe('estimateText', () => {
  test('header, workload arithmetic, table, clients', () => {
    const text = estimateText(estimates(CLASSIC));
    assert.match(text, /^System classic \(peak factor 3\)\n/);
    assert.ok(text.includes('writes/day = 100M DAU × 10 = 1,000,000,000 (1B)'), text);
    assert.ok(text.includes('writes/s = 1,000,000,000 / 86,400 s ≈ 11,574.07'), text);
    assert.ok(text.includes('200.5 TB'), text);
    const [header, row] = tableLines(text);
    for (const title of ['component', 'kind', 'rate (peak)', 'cores needed', 'servers', 'instances', 'utilization peak', 'utilization avg', 'response']) {
      assert.ok(header.includes(title), `${title} in ${header}`);
    }
    // api: 10k/s, 100 cores, 25 servers, 50 instances, 50 % at peak, 16.7 % on average.
    assert.match(row, /^ {2}api +service +10k\/s +100 +25 +50 +50% +16\.7% +10\.\d+ ms$/);
    assert.match(text, /Clients\n {2}web {2}sends 10k\/s, mean response 10\.\d+ ms\n/);
    assert.ok(text.endsWith('\n'));
  });

  test('every table row has the same width and numeric columns are right-aligned', () => {
    const text = estimateText(estimates(SPEC_EXAMPLE));
    const rows = tableLines(text);
    assert.equal(rows.length, 1 + 9);
    const width = rows[0].length;
    for (const r of rows) assert.equal(r.length, width, `row width: ${JSON.stringify(r)}`);
    // Right-aligned: the rate column ends at the same place in every row.
    const header = rows[0];
    const rateEnd = header.indexOf('rate (peak)') + 'rate (peak)'.length;
    for (const r of rows.slice(1)) {
      assert.notEqual(r[rateEnd - 1], ' ', `rate right-aligned: ${r}`);
      assert.equal(r[rateEnd], ' ', r);
    }
    // Units are present: rates per second, durations, percentages.
    assert.match(text, /20k\/s/);
    assert.match(text, /\d ms/);
    assert.match(text, /\d%/);
  });

  test('utilization at or above 100 % is marked as an error, from 80 % as a warning', () => {
    const e = estimates(EXACT_BANDS);
    // quiet: 1000/s × 2.5 ms = 2.5 cores on 10 → 25 %; busy: 8 cores → 80 %; hot: 12.5 cores → 125 %.
    assert.equal(e[0].byName.get('busy')!.utilization, 0.8);
    assert.equal(e[0].byName.get('hot')!.utilization, 1.25);
    const plain = estimateText(e);
    const row = (name: string) => tableLines(plain).find((r) => r.trimStart().startsWith(`${name} `))!;
    assert.match(row('quiet'), /25% /);
    assert.ok(!row('quiet').includes('!'));
    assert.match(row('busy'), /80% ! /);
    assert.ok(!row('busy').includes('!!'));
    assert.match(row('hot'), /125% !! /);
    assert.ok(plain.includes('!! at or above capacity (overload)'));

    const painted: { kind: string; s: string }[] = [];
    const colored = estimateText(e, { color: (kind, s) => { painted.push({ kind, s }); return `<${kind}>${s}</${kind}>`; } });
    assert.ok(painted.some((p) => p.kind === 'error' && p.s.trim() === '125% !!'), JSON.stringify(painted));
    assert.ok(painted.some((p) => p.kind === 'warning' && p.s.trim() === '80% !'));
    assert.ok(!painted.some((p) => p.kind !== 'bold' && p.kind !== 'dim' && p.s.includes('25%') && !p.s.includes('125%')));
    assert.ok(painted.some((p) => p.kind === 'bold' && p.s.startsWith('System bands')));
    // Without the paint, the coloured text is the plain text: colour never shifts the columns.
    assert.equal(colored.replace(/<\/?(error|warning|dim|bold)>/g, ''), plain);
  });

  test('parts without capacity show dashes; boxes and clients are not rows', () => {
    const text = estimateText(estimates(EXACT_BANDS));
    const rows = tableLines(text);
    const names = rows.slice(1).map((r) => r.trim().split(/\s+/)[0]);
    assert.deepEqual(names, ['quiet', 'busy', 'hot', 'jobs', 'consumer', 'edge', 'assets', 'tucked']);
    const edge = rows.find((r) => r.trimStart().startsWith('edge '))!;
    assert.match(edge, /edge +cdn +1k\/s +— +— +— +— +—/);
    assert.match(text, /No workload block/);
    const width = rows[0].length;
    for (const r of rows) assert.equal(r.length, width, r);
  });

  test('overloaded paths and rate limits are explained', () => {
    const text = estimateText(estimates(SPEC_EXAMPLE));
    assert.match(text, /System "Photo share" \(peak factor 3\)/);
    assert.match(text, /app {2}sends 20k\/s, mean response unbounded/);
    assert.match(text, /Notes\n {2}- Gateway api rejects 19\.9k\/s at peak/);
    // Infinity shows as ∞ in the response column of the overloaded gateway.
    assert.match(tableLines(text).find((r) => r.trimStart().startsWith('api '))!, /100% !! +33\.3% +∞$/);
  });

  test('several systems are separated by a blank line', () => {
    const text = estimateText(estimates(`${CLASSIC}\n${EXACT_BANDS}`));
    assert.match(text, /\n\nSystem bands \(peak factor 2\)\n/);
  });
});

describe('estimateMarkdown', () => {
  test('a table per system with the workload arithmetic', () => {
    const md = estimateMarkdown(estimates(`${CLASSIC}\n${EXACT_BANDS}`));
    assert.match(md, /^# Estimates\n/);
    assert.match(md, /## System classic\n/);
    assert.match(md, /## System bands\n/);
    assert.ok(md.includes('- writes/day = 100M DAU × 10 = 1,000,000,000 (1B)'), md);
    assert.ok(md.includes('storage/day = 500 B × 1B writes = 500 GB + 2 MB × 100M writes (10% of writes) = 200 TB = 200.5 TB'), md);
    assert.ok(md.includes('| component | kind | rate (peak) | rate (avg) | cores needed | servers needed | instances | utilization (peak) | utilization (avg) | response |'));
    assert.ok(md.includes('| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |'));
    assert.match(md, /\| `api` \| service \| 10k\/s \| 3\.33k\/s \| 100 \| 25 \| 50 \| 50% \| 16\.7% \| 10\.\d+ ms \|/);
    // Overload bold and marked, near capacity marked.
    assert.match(md, /\| `hot` \| service \|.*\| \*\*125%\*\* ⚠ \|/);
    assert.match(md, /\| `busy` \| service \|.*\| 80% ⚠ \|/);
    assert.match(md, /- `web` sends 10k\/s at peak; mean response 10\.\d+ ms/);
    // Every row of a components table has as many cells as the header; the cost tables have three columns.
    for (const section of md.split('\n### ').slice(1)) {
      const cells = section.startsWith('Components') ? 12 : section.startsWith('Cost per month') ? 5 : 0;
      for (const line of section.split('\n').filter((l) => l.startsWith('| '))) assert.equal(line.replace(/\\\|/g, '').split('|').length, cells, line);
    }
  });

  test('| in names is escaped', () => {
    const md = estimateMarkdown(estimates(`system "pipes | and *stars*" {
      client web { rate: 1/s }
      service api
      web -> api
    }`));
    assert.ok(md.includes('## System "pipes \\| and \\*stars\\*"'), md);
    assert.ok(!/[^\\]\|[^|]* and/.test(md.split('\n').find((l) => l.startsWith('## '))!));
  });

  test('notes and an empty file', () => {
    const md = estimateMarkdown(estimates(SPEC_EXAMPLE));
    assert.match(md, /### Notes\n\n- Gateway `api` rejects 19\.9k\/s at peak/);
    assert.match(md, /mean response unbounded/);
    assert.match(estimateMarkdown([]), /No systems/);
  });
});

describe('hovers', () => {
  test('the workload hover spells out the arithmetic', () => {
    const [e] = estimates(CLASSIC);
    const md = workloadHoverMarkdown(e.workload!);
    for (const part of [
      '100M DAU × 10 = 1,000,000,000',
      '100M DAU × 1,000 = 100,000,000,000',
      '1,000,000,000 / 86,400 s ≈ 11,574.07',
      '100,000,000,000 / 86,400 s ≈ 1,157,407.41',
      '11,574.07 × 3 ≈ 34,722.22',
      '500 B × 1B writes = 500 GB',
      '2 MB × 100M writes (10% of writes) = 200 TB',
      '= 200.5 TB',
      '× 1,825 days',
      'read share = reads / (reads + writes) = 99%',
      'peak factor 3',
    ]) assert.ok(md.includes(part), `${part} in\n${md}`);
  });

  test('a service: rate, demand, servers, utilization, response', () => {
    const [e] = estimates(CLASSIC);
    const md = componentHoverMarkdown(e.byName.get('api')!, e.peakFactor);
    for (const part of [
      '`api`',
      'Offered at peak: 10k/s (7.5k/s reads + 2.5k/s writes)',
      'On average: 3.33k/s',
      '= peak ÷ 3',
      'Demand: 10k/s × 10 ms = 100 cores of work',
      'Servers needed: ⌈100 cores ÷ 4 cores per instance⌉ = 25',
      'Utilization at peak: 100 ÷ (50 instances × 4 cores) = 50%',
      'Utilization on average: 33.3 ÷ (50 instances × 4 cores) = 16.7%',
      'Response here: 10.',
      'Response including the calls it makes: 10.',
    ]) assert.ok(md.includes(part), `${part} in\n${md}`);
    assert.ok(!md.includes('Autoscaling'), md);
  });

  test('an autoscaled service names its steady state', () => {
    const [e] = estimates(SPEC_EXAMPLE);
    const md = componentHoverMarkdown(e.byName.get('posts')!, e.peakFactor);
    assert.ok(md.includes('(4 instances × 4 cores)'), md);
    assert.ok(md.includes('Autoscaling (4–40, target 70%): steady state ⌈work ÷ (4 cores × 70%)⌉ = 4 instances at peak and 4 on average'), md);
  });

  test('an overloaded component says so', () => {
    const [e] = estimates(EXACT_BANDS);
    const md = componentHoverMarkdown(e.byName.get('hot')!, e.peakFactor);
    assert.ok(md.includes('Demand: 1k/s × 12.5 ms = 12.5 cores of work'), md);
    assert.ok(md.includes('Servers needed: ⌈12.5 cores ÷ 1 core per instance⌉ = 13'), md);
    assert.ok(md.includes('= **125%** ⚠ — overloaded'), md);
    assert.ok(md.includes('Response here: ∞ (overloaded)'), md);
    const near = componentHoverMarkdown(e.byName.get('busy')!, e.peakFactor);
    assert.ok(near.includes('80% ⚠ — near capacity'), near);
  });

  test('a database lists its stations', () => {
    const [e] = estimates(`system s {
      client web { rate: 1k/s  read_ratio: 75% }
      database db { replication { mode: primary_replica  replicas: 2  read_from: replicas  sync: sync } }
      web -> db
    }`);
    const md = componentHoverMarkdown(e.byName.get('db')!, e.peakFactor);
    for (const part of [
      'Offered at peak: 1k/s (750/s reads + 250/s writes)',
      // Station arrivals: 250 + 2 × 625 = 1500/s × 5 ms = 7.5 cores.
      'Demand: 1.5k/s (every copy applies every write: station arrivals) × 5 ms = 7.5 cores of work',
      'Servers needed: ⌈7.5 cores ÷ 8 cores per node⌉ = 1',
      'Utilization at peak: on the busiest station',
      '**Stations**',
      '- 1 × primary: 250/s × 5 ms = 1.25 of 8 cores',
      '- 2 × replica: 625/s each × 5 ms = 3.13 of 8 cores',
      'Response here:',
    ]) assert.ok(md.includes(part), `${part} in\n${md}`);
  });

  test('a cache shows its hit ratio arithmetic; a client what it sends and sees', () => {
    const [e] = estimates(`system s {
      client web { rate: 1k/s  read_ratio: 75% }
      cache c { hit_ratio: 75% }
      database db
      web -> c -> db
    }`);
    const cache = componentHoverMarkdown(e.byName.get('c')!, e.peakFactor);
    assert.ok(cache.includes('Hit ratio 75%: 750/s reads × (1 − 75%) = 188/s reads miss and go on, with the 250/s writes'), cache);
    const client = componentHoverMarkdown(e.byName.get('web')!, e.peakFactor);
    assert.ok(client.includes('Sends at peak: 1k/s (750/s reads + 250/s writes)'), client);
    assert.ok(client.includes('Response seen:'), client);
    assert.ok(!client.includes('Demand'), client);
  });

  test('a gateway shows what its rate limit rejects', () => {
    const [e] = estimates(SPEC_EXAMPLE);
    const md = componentHoverMarkdown(e.byName.get('api')!, e.peakFactor);
    assert.ok(md.includes('Rate limit: 19.9k/s rejected at peak (429); only 100/s passes'), md);
  });
});

describe('inlayHintText', () => {
  test('rate and utilization, compact', () => {
    const [e] = estimates(CLASSIC);
    assert.equal(inlayHintText(e.byName.get('api')!), '⟵ 10k/s · 50%');
    assert.equal(inlayHintText(e.byName.get('web')!), '⟶ 10k/s');
  });

  test('marks 80 % and more; rate only without capacity; nothing without load', () => {
    const [e] = estimates(EXACT_BANDS);
    assert.equal(inlayHintText(e.byName.get('busy')!), '⟵ 1k/s · 80% ⚠');
    assert.equal(inlayHintText(e.byName.get('hot')!), '⟵ 1k/s · 125% ⚠');
    assert.equal(inlayHintText(e.byName.get('quiet')!), '⟵ 1k/s · 25%');
    // jobs receives quiet's 250 writes/s; consumer drains them.
    assert.equal(inlayHintText(e.byName.get('jobs')!), '⟵ 250/s');
    assert.equal(inlayHintText(e.byName.get('edge')!), '⟵ 1k/s');
    assert.equal(inlayHintText(e.byName.get('tucked')!), undefined);
    assert.equal(inlayHintText(e.byName.get('eu')!), undefined);
  });
});
