// Parse errors are reported with a precise range and parsing goes on:
// for each broken input, the exact errors, that what follows
// the error still reaches the model, and that one error does not cascade.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import type { SystemModel } from '../../src/model/types';
import { SPEC_EXAMPLE } from '../helpers/designs';
import {
  analyzeMarked, coreDiagnostics, describeDiagnostics, expectDiagnostics, type ExpectedDiagnostic, type MarkedAnalysis,
} from '../helpers/inline';
import { brokenEveryHundredLines } from '../../bench/worst-cases';

interface Case {
  name: string;
  /** A design with `⟦…⟧` around each expected error range. */
  source: string;
  errors: ExpectedDiagnostic[];
  /** Components that must still be declared (in the first system). */
  declared?: string[];
  /** Edges `from->to` that must still resolve (in the first system). */
  edges?: string[];
}

function edgesOf(s: SystemModel | undefined): string[] {
  return (s?.edges ?? []).map((e) => `${e.from.name}->${e.to.name}`);
}

function check(c: Case): MarkedAnalysis {
  const m = analyzeMarked(c.source);
  expectDiagnostics(m, c.errors);
  const system = m.analysis.systems[0];
  assert.ok(system, `no system:\n${describeDiagnostics(m.analysis)}`);
  for (const name of c.declared ?? ['later']) {
    assert.ok(system.components.has(name), `'${name}' is not declared after the error (have ${[...system.components.keys()].join(', ')})`);
  }
  for (const edge of c.edges ?? ['a->later']) {
    assert.ok(edgesOf(system).includes(edge), `edge ${edge} is lost after the error (have ${edgesOf(system).join(' ')})`);
  }
  return m;
}

const CASES: Case[] = [
  {
    name: "missing '}' of a component",
    source: `
      system s {
        service a {
          instances: 2⟦⟧
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Missing '}' to close this service 'a'" }],
  },
  {
    name: "missing '}' of a component whose last item is a block",
    source: `
      system s {
        service a {
          autoscale { min: 1  max: 2 }⟦⟧
        service later { instances: 2 }
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Missing '}'" }],
  },
  {
    name: "missing '}' of a block at system level",
    source: `
      system s {
        workload { dau: 1M⟦⟧
        service a
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Missing '}' to close this block 'workload'" }],
    declared: ['a', 'later'],
  },
  {
    name: "missing '}' of a region (at the end of the system)",
    source: `
      system s {
        region r {
          service a
        service later
        a -> later
      }⟦⟧`,
    errors: [{ rule: 'syntax', at: 0, message: "Missing '}' to close this system" }],
  },
  {
    name: "missing '}' of the system",
    source: `
      system s {
        service a
        service later
        a -> later⟦⟧`,
    errors: [{ rule: 'syntax', at: 0, message: "Missing '}' to close this system" }],
  },
  {
    name: 'a stray token between items',
    source: `
      system s {
        service a { }
        ⟦)⟧
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Unexpected ')' in a system" }],
  },
  {
    name: 'a stray token inside a component',
    source: `
      system s {
        service a { instances: 2 ⟦]⟧ cores: 2 }
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Unexpected ']' in service 'a'" }],
  },
  {
    name: "a stray '}' that closes the system early",
    source: `
      system s {
        service a { instances: 2 } ⟦}⟧
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Unexpected '}': it closes the system, but the system goes on" }],
  },
  {
    name: "several stray '}' in a row",
    source: `
      system s {
        service a { instances: 2 }⟦}}⟧
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Unexpected '}}'" }],
  },
  {
    name: "a stray '}' after the last system",
    source: `
      system s {
        service a
        service later
        a -> later
      }
      ⟦}⟧`,
    errors: [{ rule: 'syntax', at: 0, message: "Unexpected '}' outside a system" }],
  },
  {
    name: 'an unterminated string',
    source: `
      system s {
        service a ⟦"Post service⟧
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Unterminated string: add the closing '\"'" }],
  },
  {
    name: 'an unterminated string value',
    source: `
      system s {
        gateway a { instances: 2 }
        service later
        a -> later (path: ⟦"/orders)⟧⟦⟧
        later -> b
        service b
      }`,
    // The string swallows the ')', so the attribute list is unclosed too: two errors, no more.
    errors: [
      { rule: 'syntax', at: 0, message: 'Unterminated string' },
      { rule: 'syntax', at: 1, message: "Missing ')'" },
    ],
    declared: ['later', 'b'],
    edges: ['a->later', 'later->b'],
  },
  {
    name: 'an unknown escape in a string',
    source: `
      system s {
        service a "tab⟦\\t⟧here"
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Unknown escape '\\t'" }],
  },
  {
    name: 'a bad unit',
    source: `
      system s {
        service a { timeout: ⟦10parsecs⟧ }
        service later
        a -> later
      }`,
    errors: [{ rule: 'invalid-value', at: 0, message: ["Unknown unit 'parsecs'", 'us ms s m h d w y'] }],
  },
  {
    name: 'a bad rate unit',
    source: `
      system s {
        client a { rate: ⟦10/sec⟧ }
        service later
        a -> later
      }`,
    errors: [{ rule: 'invalid-value', at: 0, message: ["Unknown rate unit '/sec'", '/s, /min, /h or /day'] }],
  },
  {
    name: 'a rate without its time unit',
    source: `
      system s {
        client a { rate: 10/⟦⟧ }
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected a time unit after '/' in '10/'" }],
  },
  {
    name: 'a half-typed property',
    source: `
      system s {
        service a {
          ⟦inst⟧
          cores: 2
        }
        service later
        a -> later
      }`,
    errors: [{ rule: 'unknown-property', at: 0, message: "Unknown property 'inst' for a service ('a')" }],
  },
  {
    name: 'a half-typed component (kind without a name)',
    source: `
      system s {
        service⟦⟧
        service a
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected a name after 'service'" }],
    declared: ['a', 'later'],
  },
  {
    name: "a doubled colon 'key:: v'",
    source: `
      system s {
        service a { cores:⟦:⟧ 4 }
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Unexpected second ':' after 'cores'" }],
  },
  {
    name: "'key:' with no value, then the next property",
    source: `
      system s {
        service a {
          instances:⟦⟧
          cores: 2
        }
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected a value after 'instances:'" }],
  },
  {
    name: "'key:' with no value before '}'",
    source: `
      system s {
        service a { instances:⟦⟧ }
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected a value after 'instances:'" }],
  },
  {
    name: "an unclosed call 'exp(20ms'",
    source: `
      system s {
        service a { service_time: exp(20ms⟦⟧ }
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Missing ')' to close 'exp('" }],
  },
  {
    name: 'an unclosed list (a required property cut short is not also missing)',
    source: `
      system s {
        database d {
          table t { columns: [id, name⟦⟧ }
        }
        service a
        service later
        a -> later
        a -> d
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Missing ']' to close this list" }],
    edges: ['a->later', 'a->d'],
  },
  {
    name: "an unclosed connection attribute list 'a -> b (async'",
    source: `
      system s {
        service a
        service later
        a -> later (async⟦⟧
        later -> a
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Missing ')' to close the connection's attributes" }],
    edges: ['a->later', 'later->a'],
  },
  {
    name: "'a ->' with nothing after it",
    source: `
      system s {
        service a
        a ->⟦⟧
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected a component name after '->'" }],
  },
  {
    name: "'a -> -> b'",
    source: `
      system s {
        service a
        service later
        a ->⟦⟧ -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected a component name after '->'" }],
  },
  {
    name: 'an unknown kind (the name stays declared)',
    source: `
      system s {
        ⟦servce⟧ x { instances: 2 }
        service a
        service later
        a -> later
        a -> x
      }`,
    errors: [{ rule: 'unknown-kind', at: 0, message: ["Unknown component kind 'servce'", "Did you mean 'service'?"] }],
    declared: ['x', 'later'],
    edges: ['a->later', 'a->x'],
  },
  {
    name: 'garbage characters',
    source: `
      system s {
        service a { } ⟦§§⟧
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Unexpected characters '§§'" }],
  },
  {
    name: "a missing '{' after the system header",
    source: `
      system s⟦⟧
        service a
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected '{' to open the system's body" }],
  },
  {
    name: 'a connection label colon without a string',
    source: `
      system s {
        service a
        service b
        a -> b :⟦⟧
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected a quoted label after ':'" }],
    edges: ['a->b', 'a->later'],
  },
  {
    name: "'at 2m:' without an action",
    source: `
      system s {
        service a
        scenario x {
          at 2m:⟦⟧
          duration: 5m
        }
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: 'Expected an action after the time: stop, start, partition or heal' }],
  },
  {
    name: "'at 1m: stop' without a target",
    source: `
      system s {
        service a
        scenario x { at 1m: stop⟦⟧ }
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: 'Expected what to stop' }],
  },
  {
    name: "an unclosed instance index 'a[2'",
    source: `
      system s {
        service a { instances: 3 }
        scenario x { at 1m: stop a[2⟦⟧ }
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Missing ']' after the index" }],
  },
  {
    name: "a range without its upper bound '4..'",
    source: `
      system s {
        database d { sharding { strategy: hash  shards: 4..⟦⟧  key: id } }
        service a
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected the upper bound after '..'" }],
  },
  {
    name: "an equation without its right side 'join: a.x ='",
    source: `
      system s {
        database d { table t { columns: [x] } }
        query q { from: t  join: t.x =⟦⟧ }
        service a
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Expected a column after '='" }],
  },
  {
    name: 'a stray token outside any system',
    source: `
      ⟦garbage here⟧
      system s {
        service a
        service later
        a -> later
      }`,
    errors: [{ rule: 'syntax', at: 0, message: "Unexpected 'garbage' outside a system" }],
  },
];

for (const c of CASES) {
  test(`recovery: ${c.name}`, () => {
    check(c);
  });
}

test('recovery: an unterminated block comment reports once and keeps what precedes it', () => {
  const m = analyzeMarked(`
    system s {
      service a
      service b
      a -> b
      ⟦/*⟧ a comment that never ends
      service c { }
    }`);
  expectDiagnostics(m, [{ rule: 'syntax', at: 0, message: "Unterminated comment: add '*/'" }]);
  const s = m.analysis.systems[0];
  assert.deepEqual([...s.components.keys()], ['a', 'b']);
  assert.deepEqual(edgesOf(s), ['a->b']);
});

test('recovery: a comment that looks closed but is not (/*/)', () => {
  const m = analyzeMarked('system s { service a }\n⟦/*⟧/\n');
  expectDiagnostics(m, [{ rule: 'syntax', at: 0, message: 'Unterminated comment' }]);
});

test('recovery: several independent errors in one file are each reported once, and the rest survives', () => {
  const m = analyzeMarked(`
    system shop {
      service api {
        instances: ⟦0⟧
        service_time: ⟦2MB⟧
        ⟦instancs⟧: 3
        cores:⟦:⟧ 4
        timeout: exp(20ms⟦⟧
      }
      cache c { hit_ratio: ⟦120%⟧  ttl: 10m }
      ⟦servce⟧ orders { instances: 2 }
      client web { rate: ⟦10/sec⟧ }
      web -> api -> c
      api -> ⟦ordrs⟧
      api -> orders
    }
    system second {
      service x
      service y
      x -> y
    }`);
  expectDiagnostics(m, [
    { rule: 'invalid-value', at: 0, message: "'instances' must be at least 1" },
    { rule: 'invalid-value', at: 1, message: "but '2MB' is a size" },
    { rule: 'unknown-property', at: 2, message: "Did you mean 'instances'?" },
    { rule: 'syntax', at: 3 },
    { rule: 'syntax', at: 4, message: "Missing ')'" },
    { rule: 'invalid-value', at: 5, message: 'between 0% and 100%' },
    { rule: 'unknown-kind', at: 6 },
    { rule: 'invalid-value', at: 7, message: "'/sec'" },
    { rule: 'unknown-reference', at: 8, message: "Did you mean 'orders'?" },
  ]);
  const [shop, second] = m.analysis.systems;
  assert.equal(shop.components.get('api')!.props.num('cores'), 4);
  assert.deepEqual(edgesOf(shop), ['web->api', 'api->c', 'api->orders']);
  assert.deepEqual(edgesOf(second), ['x->y']);
});

test('recovery: truncating the §1 example anywhere never loses what came before the cut', () => {
  // Cut after each complete line: every component declared on the kept lines is
  // still in the model, and the only error is the missing '}' (or none).
  const lines = SPEC_EXAMPLE.split('\n');
  for (let n = 3; n < lines.length; n++) {
    const text = lines.slice(0, n).join('\n');
    const a = analyze(text);
    const errors = coreDiagnostics(a);
    assert.ok(errors.length <= 3, `cut at line ${n}:\n${describeDiagnostics(a)}`);
    const full = analyze(SPEC_EXAMPLE).systems[0];
    const kept = a.systems[0];
    for (const [name, c] of full.components) {
      if (c.span.end <= text.length) assert.ok(kept.components.has(name), `cut at line ${n}: lost '${name}'`);
    }
  }
});

// How long this takes is a bench figure (worst-cases.bench.ts: worst.recovery_ms).
test('recovery: one error every hundred lines does not stop the parse', () => {
  const a = analyze(brokenEveryHundredLines());
  assert.equal(a.systems[0].components.size, 1000);
  assert.deepEqual(edgesOf(a.systems[0]), ['s0->s999']);
  // 40 broken chunks: a doubled colon and a stray '}' each.
  assert.equal(coreDiagnostics(a).filter((d) => d.rule === 'syntax').length, 80, describeDiagnostics(a));
});
