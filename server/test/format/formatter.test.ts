import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as fs from 'fs';
import * as path from 'path';
import fc from '../helpers/property';
import { formatDocument, formatText } from '../../src/format/formatter';
import { packageRoot } from '../../src/docs';
import { parse } from '../../src/syntax';
import { ink, tokenStream } from './tokens';
// the complete example design (helpers/designs.ts), as written there (aligned trailing comment, short bodies on one line).
import { SPEC_EXAMPLE } from '../helpers/designs';

/** Formats and checks what must hold for every input. */
function check(input: string): string {
  const once = formatText(input);
  const twice = formatText(once);
  assert.equal(twice, once, `not idempotent for ${JSON.stringify(input)}`);
  assert.deepEqual(tokenStream(once), tokenStream(input), `tokens changed for ${JSON.stringify(input)}`);
  return once;
}

const MESSY = String.raw`// Top comment
/* block
   comment */


system   "Golden \"quoted\" \\ title"{
cap:AP,layout:down   // trailing after a separator
  workload{dau:100M writes_per_user:10/day, peak_factor:3}



  client   app "Web \"app\""{ rate : 20k/s }
cdn edge:cloudfront{origin:photos ttl:24h hit_ratio:95%}
  service posts "Posts"{instances:4 cores:4
    service_time:exp( 10ms )  stateful, critical: false
    autoscale{min:4,max:40,target_cpu:70%}  // scale
    timeout: normal(10ms,2ms)
  }
  database db:postgres{
      table users{columns:[user_id,name,photo:blob]key:user_id}
    replication{mode:primary_replica replicas:2}
    indexes: [ ]
  }
  region eu{group shard_a{service s1{instances:1..3}}
    region_meta:{a:1,b:[x,y]}}
  /* before query */ query feed{from:users join:users.user_id=db.user_id where:[users.user_id]rate:2k/s}
  scenario outage{duration:2m at 30s:stop db.primary
    at 1m :stop posts[2]
    at 90s: heal eu}
app->edge->posts(async,weight:2,path:"/p"):"uploaded"
  posts -> /* via */ db
  posts->s1 // last
}
system empty{}
`;

const CANONICAL = String.raw`// Top comment
/* block
   comment */

system "Golden \"quoted\" \\ title" {
  cap: AP
  layout: down // trailing after a separator
  workload {
    dau: 100M
    writes_per_user: 10/day
    peak_factor: 3
  }

  client app "Web \"app\"" {
    rate: 20k/s
  }
  cdn edge: cloudfront {
    origin: photos
    ttl: 24h
    hit_ratio: 95%
  }
  service posts "Posts" {
    instances: 4
    cores: 4
    service_time: exp(10ms)
    stateful
    critical: false
    autoscale {
      min: 4
      max: 40
      target_cpu: 70%
    } // scale
    timeout: normal(10ms, 2ms)
  }
  database db: postgres {
    table users {
      columns: [user_id, name, photo: blob]
      key: user_id
    }
    replication {
      mode: primary_replica
      replicas: 2
    }
    indexes: []
  }
  region eu {
    group shard_a {
      service s1 {
        instances: 1..3
      }
    }
    region_meta: {
      a: 1
      b: [x, y]
    }
  }
  /* before query */ query feed {
    from: users
    join: users.user_id = db.user_id
    where: [users.user_id]
    rate: 2k/s
  }
  scenario outage {
    duration: 2m
    at 30s: stop db.primary
    at 1m: stop posts[2]
    at 90s: heal eu
  }
  app -> edge -> posts (async, weight: 2, path: "/p") : "uploaded"
  posts -> /* via */ db
  posts -> s1 // last
}
system empty {}
`;


/** Small designs, one construct each, written untidily. */
const CONSTRUCTS: string[] = [
  'system s{}',
  'system{ }',
  'system "Only a title" { cap: CP }',
  'system s { service a }',
  'system s { service a: node "A \\"quoted\\" \\\\ and \\n" { instances: 2 } }',
  'system s { service a { stateful critical } }',
  'system s { service a { stateful, autoscale { min: 1 } } }',
  'system s { cache c { ttl: 10m, strategy: cache_aside, } }',
  'system s { database d { table t { columns: [id, photo: blob, name] key: id } } }',
  'system s { loadbalancer lb { algorithm: hash(user_id) } }',
  'system s { service a { service_time: lognormal(mean: 10ms, sd: 2ms) } }',
  'system s { service a { service_time: const(10ms) } x: exp() }',
  'system s { job j { workers: 2..10 } }',
  'system s { query q { join: a.x = b.y join: b.y=c.z where: [a.x, b.y] } }',
  'system s { scenario f { at 2m: stop db.primary at 3m: partition eu at 4m: start posts[2] } }',
  'system s { region eu { region inner { group g { service a { instances: 1 } } } } }',
  'system s { a -> b -> c.d (async, weight: 2, path: "/x", on: write) : "label" }',
  'system s { a -> b () }',
  'system s { a->b:"l" }',
  'system s { m: { nested: { deeper: [1, 2] } } }',
  'system s { l: [{ a: 1 }, { b: 2 }] }',
  'system s { rate: 20k/s size: 2MB pct: 70% n: 1.5 big: 100M mult: 3x }',
  // Comments everywhere.
  '// head\nsystem s { // after brace\n  a: 1 // trailing\n  // own line\n  b: /* inline */ 2\n  /* block\n     on lines */\n  c: 3 /* trailing block */\n} // after system\n// tail',
  'system s {\n  a: // between key and value\n    1\n}',
  'system s {\n  a -> // mid connection\n  b\n}',
  'system s { x: [a, // in a list\n b] }',
  'system /* before name */ s /* before brace */ { }',
  'system s {\n\n\n  a: 1\n\n\n\n  b: 2\n\n\n}\n\n\n\nsystem t {}',
  '/* only a comment */',
  '// a\n\n\n// b\n',
  '',
  '   \n\n\t ',
];

describe('formatText', () => {
  it('turns a messy design into the canonical layout (golden)', () => {
    assert.equal(check(MESSY), CANONICAL);
  });

  it('leaves the canonical layout as it is', () => {
    assert.equal(formatText(CANONICAL), CANONICAL);
  });

  it('formats the language reference example: short bodies expanded, one space before comments', () => {
    const out = check(SPEC_EXAMPLE);
    assert.match(out, /^ {2}cap: AP \/\/ CP \| AP \| CA$/m);
    assert.match(out, /^ {2}client app "Mobile and web" \{\n {4}rate: 20k\/s\n {2}\}$/m);
    assert.match(out, /^ {4}autoscale \{\n {6}min: 4\n {6}max: 40\n/m);
    assert.match(out, /^ {2}posts -> uploads : "photo\.uploaded"$/m);
    assert.match(out, /^ {2}uploads -> thumbnailer \(group: thumbnails\)$/m);
    // Blank lines between groups are kept.
    assert.match(out, /\n\n {2}workload \{/);
  });

  it('formats view blocks: one property a line, idempotent', () => {
    const messy = 'system s {\n  client app\n  service a\n  app->a\n      view checkout   "Checkout" {include:[app,a]}\nview around {   focus: a\ndepth: 1 }\n  view reads { path: read  from: app }\n}\n';
    assert.equal(check(messy), [
      'system s {',
      '  client app',
      '  service a',
      '  app -> a',
      '  view checkout "Checkout" {',
      '    include: [app, a]',
      '  }',
      '  view around {',
      '    focus: a',
      '    depth: 1',
      '  }',
      '  view reads {',
      '    path: read',
      '    from: app',
      '  }',
      '}',
      '',
    ].join('\n'));
  });

  it('is idempotent and keeps the tokens on every construct', () => {
    for (const input of CONSTRUCTS) {
      const result = formatDocument(input);
      if (parse(input).ast.errors.length === 0) assert.equal(result.outcome, 'formatted', input);
      check(input);
    }
  });

  it('is idempotent and keeps the tokens on the bundled samples', () => {
    const samples = path.join(packageRoot(), 'samples');
    const files = fs.existsSync(samples) ? fs.readdirSync(samples).filter((f) => f.endsWith('.sysdesign')) : [];
    for (const file of files) check(fs.readFileSync(path.join(samples, file), 'utf8'));
  });

  describe('layout rules', () => {
    it('expands every body, except an empty one', () => {
      assert.equal(formatText('system s { service a { instances: 2 } service b {} }'), 'system s {\n  service a {\n    instances: 2\n  }\n  service b {}\n}\n');
    });

    it('keeps at most one blank line, and none after { or before }', () => {
      assert.equal(formatText('\n\nsystem s {\n\n\n  a: 1\n\n\n\n  b: 2\n\n}\n\n\n\nsystem t {}\n\n'), 'system s {\n  a: 1\n\n  b: 2\n}\n\nsystem t {}\n');
    });

    it('keeps trailing comments trailing and own-line comments on their own line', () => {
      const input = 'system s { // opens\n  a: 1    // one\n      // about b\n  b: 2 /* two */ }\n';
      assert.equal(formatText(input), 'system s { // opens\n  a: 1 // one\n  // about b\n  b: 2 /* two */\n}\n');
    });

    it('indents an item continued after a comment one level deeper', () => {
      assert.equal(formatText('system s {\na: // why\n3\n}'), 'system s {\n  a: // why\n    3\n}\n');
    });

    it('drops separator commas, but keeps one that keeps a flag apart from the next item', () => {
      assert.equal(formatText('system s { a: 1, b: 2, stateful, critical }'), 'system s {\n  a: 1\n  b: 2\n  stateful\n  critical\n}\n');
      assert.equal(formatText('system s { service a { stateful, autoscale { min: 1 } } }'), 'system s {\n  service a {\n    stateful,\n    autoscale {\n      min: 1\n    }\n  }\n}\n');
    });

    it('keeps block comments byte for byte and trims trailing blanks of line comments', () => {
      const input = 'system s {\n   /* keep   \n      this */\n  a: 1 // note   \n}\n';
      assert.equal(formatText(input), 'system s {\n  /* keep   \n      this */\n  a: 1 // note\n}\n');
    });

    it('keeps CRLF line endings', () => {
      assert.equal(formatText('system s {\r\n a: 1 }\r\n'), 'system s {\r\n  a: 1\r\n}\r\n');
    });

    it('takes the indentation width as an option', () => {
      assert.equal(formatText('system s { service a { x: 1 } }', { indent: 4 }), 'system s {\n    service a {\n        x: 1\n    }\n}\n');
    });

    it('returns empty text for blank input', () => {
      assert.equal(formatText(''), '');
      assert.equal(formatText('  \n\t\n'), '');
    });
  });

  describe('syntax errors', () => {
    const BROKEN: string[] = [
      'system s {\n   service a { instances: 2   service_time: exp(20ms }\n  service   b{instances:3}\n}',
      'system s {\n  cache c { ttl: # 10m }\n  service b{instances:3}\n}',
      'system s { x:\n  y:3\n  a -> -> b\n}\n }\nsystem t { service z { instances: 1 }',
      'system s { service a { instances: 2 }\n',
      'system s { a: "unterminated\n  b: 2 }',
      'system s { a: 1 } /* unterminated',
      'garbage before # system\nsystem s {a:1}',
      'system s { service a {{{ }',
      'system s { at 2m: stop }',
      'system s { a: [1, 2 }',
      '}}} system s { a: 1 }',
      'system s { service \n a { ttl: 1 } }',
      `system s { ${'{'.repeat(80)}${'}'.repeat(80)} }`,
      'no system at all #',
    ];

    it('never loses or reorders text, and is idempotent', () => {
      for (const input of BROKEN) {
        const out = check(input);
        assert.equal(ink(out), ink(input), input);
      }
    });

    it('formats the sound parts and leaves the broken item as written', () => {
      const input = 'system s {\n   service a { instances: 2   service_time: exp(20ms }\n  service   b{instances:3}\n}';
      assert.equal(formatText(input), 'system s {\n  service a {\n    instances: 2\n    service_time: exp(20ms\n  }\n  service b {\n    instances: 3\n  }\n}\n');
      const result = formatDocument(input);
      assert.equal(result.verbatim.length, 1);
      assert.equal(input.slice(result.verbatim[0].start, result.verbatim[0].end), 'service_time: exp(20ms');
    });

    it('returns a file without any system unchanged', () => {
      assert.equal(formatText('just   garbage # here\n  more'), 'just   garbage # here\n  more');
      // Stray text around a system keeps its own spacing.
      assert.equal(formatText('no system at all #'), 'no system at all #\n');
    });

    it('adds no line break inside an unterminated comment at the end', () => {
      assert.ok(formatText('system s { a: 1 } /* open').endsWith('/* open'));
    });
  });

  describe('properties', () => {
    const fragment = fc.constantFrom(
      'system', 's', '"t"', '"e \\" \\\\"', '{', '}', '{', '}', 'service', 'region', 'table', 'query', 'scenario', 'a', 'b.c', ':', ':',
      'postgres', 'instances', '2', '10ms', '20k/s', '70%', '1..5', '->', '(', ')', '[', ']', ',', ',', 'async', 'exp', '=', 'at', '2m',
      'stop', 'stateful', '// line', '/* block */', '/* two\n lines */', '#', '"open', '\n',
    );
    const space = fc.constantFrom('', ' ', '  ', '\n', '\n\n\n', '\t', ' \n    ');
    const design = fc.array(fc.tuple(space, fragment), { maxLength: 60 }).map((parts) => parts.map(([s, f]) => s + f).join(''));
    const systemWrapped = design.map((body) => `system s {${body}\n}\n`);

    it('any input: idempotent, same tokens, nothing lost', () => {
      fc.assert(
        fc.property(fc.oneof(design, systemWrapped), (input) => {
          const out = check(input);
          assert.equal(ink(out), ink(input));
        }),
        { numRuns: 400 },
      );
    });

    it('valid input: always the canonical layout', () => {
      const ident = fc.constantFrom('a', 'b', 'posts', 'db', 'user_id');
      const value = fc.constantFrom('42', '10ms', '20k/s', '"x"', 'a.b', '1..5', 'a.x = b.y', 'exp(10ms)', '[a, b]', '{ k: 1 }', '[]');
      const item = fc.oneof(
        fc.tuple(ident, value).map(([k, v]) => `${k}: ${v}`),
        ident,
        fc.tuple(ident, ident).map(([a, b]) => `${a} -> ${b}`),
        fc.tuple(ident, ident).map(([a, b]) => `${a} -> ${b} (async, group: g) : "l"`),
        fc.constant('at 2m: stop db.primary'),
        fc.tuple(ident, value).map(([n, v]) => `service ${n} { x: ${v} }`),
        fc.tuple(ident, value).map(([n, v]) => `autoscale { ${n}: ${v} }`),
      );
      const noise = fc.constantFrom(' ', '\n', '  ', ', ', ' // c\n', ' /* c */ ', '\n\n');
      const body = fc.array(fc.tuple(item, noise), { maxLength: 12 }).map((xs) => xs.map(([i, n]) => i + n).join(''));
      fc.assert(
        fc.property(body, (b) => {
          const input = `system s {\n${b}\n}\n`;
          fc.pre(parse(input).ast.errors.length === 0);
          assert.equal(formatDocument(input).outcome, 'formatted');
          check(input);
        }),
        { numRuns: 150 },
      );
    });
  });
});
