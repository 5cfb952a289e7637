// Errors that explain themselves: a mistyped arrow is one error that names the
// fix, an invalid value triggers nothing else, and an unknown technology gets
// a hint with the closest name from the table.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeMarked, diagnosticTable } from '../helpers/inline';
import { LANGUAGE_DIAGNOSTICS } from '../../src/rules/runner';

const LANGUAGE = new Set<string>(LANGUAGE_DIAGNOSTICS);

diagnosticTable([
  {
    name: "a mistyped arrow is one error that asks for '->'",
    design: `
      system s {
        client c { rate: 10/s }
        service api { instances: 2 }
        c ⟦=>⟧ api
      }`,
    expected: [{ rule: 'syntax', at: 0, message: "Unexpected '=>': did you mean '->'?" }],
  },
  {
    name: 'a mistyped arrow inside a chain, the rest still parses',
    design: `
      system s {
        client c { rate: 10/s }
        loadbalancer lb { instances: 2 }
        service api { instances: 2 }
        c -> lb ⟦=>⟧ api
        service other { instances: ⟦0⟧ }
      }`,
    expected: [
      { rule: 'syntax', at: 0, message: "did you mean '->'?" },
      { rule: 'invalid-value', at: 1 },
    ],
  },
  {
    name: "'name = value' is one error that asks for 'name: …', and reads as the property",
    design: `
      system s {
        service api { instances ⟦=⟧ 2  cores: 2 }
        client c { rate: 10/s }
        c -> api (weight ⟦=⟧ 2)
      }`,
    expected: [
      { rule: 'syntax', at: 0, message: "Unexpected '=': did you mean 'instances: …'?" },
      { rule: 'syntax', at: 1, message: "did you mean 'weight: …'?" },
    ],
  },
  {
    name: "a join's equation keeps its '='",
    design: `
      system s {
        database d: postgres {
          table a { columns: [id, b_id]  key: id }
          table b { columns: [id]  key: id }
        }
        query q {
          from: a
          join: a.b_id = b.id
        }
      }`,
    expected: [],
  },
  {
    name: 'an unknown technology gets a hint from the kind\'s table, with did-you-mean',
    design: `
      system s {
        cache hot: ⟦memcache⟧ { ttl: 1m }
        proxy edge: ⟦squid⟧
        service orders: java
      }`,
    expected: [
      { rule: 'invalid-value', at: 0, severity: 'info', message: ["Unknown technology 'memcache'", "Did you mean 'memcached'?", 'Known for a cache: redis, memcached.'] },
      { rule: 'invalid-value', at: 1, severity: 'info', message: ["Unknown technology 'squid'", 'Known for a proxy: cloudflare, nginx, haproxy, envoy.'] },
    ],
  },
]);

test('the mistyped arrow is read as the connection it was meant to be', () => {
  const { analysis } = analyzeMarked(`
    system s {
      client c { rate: 10/s }
      service api { instances: 2 }
      c => api
    }`);
  assert.deepEqual(analysis.systems[0].edges.map((e) => `${e.from.name} -> ${e.to.name}`), ['c -> api']);
});

/** Every diagnostic that is not the language's own: what the design rules said. */
function ruleFindings(source: string): string[] {
  const { analysis } = analyzeMarked(source);
  return analysis.diagnostics.filter((d) => !LANGUAGE.has(d.rule)).map((d) => `${d.rule}: ${d.message}`);
}

test('an invalid value counts as absent for the rules: mode: active_passive draws no single-point-of-failure', () => {
  const design = (mode: string) => `
    system s {
      client c { rate: 10/s }
      loadbalancer lb { instances: 2 }
      service api { instances: 2 }
      database db: postgres { backup: daily  replication { mode: ${mode}  replicas: 1 } }
      c -> lb -> api -> db
    }`;
  assert.deepEqual(ruleFindings(design('active_passive')), []);
  // The same design with a valid value is clean too, so the silence above is not an accident of the design.
  assert.deepEqual(ruleFindings(design('primary_replica')), []);
  // And with `mode: none` written validly, the rule does fire: it is the invalid value that silences it.
  assert.ok(ruleFindings(design('none')).some((f) => f.startsWith('single-point-of-failure')));
});

test('instances = 2 is read as instances: 2', () => {
  const { analysis } = analyzeMarked(`
    system s {
      service api { instances = 2 }
    }`);
  assert.equal(analysis.systems[0].components.get('api')!.props.num('instances'), 2);
});

test('instances = 2 gives its error and no single-point-of-failure or overload', () => {
  const findings = ruleFindings(`
    system s {
      client c { rate: 100/s }
      loadbalancer lb { instances: 2 }
      service api { instances = 2 }
      c -> lb -> api
    }`);
  assert.deepEqual(findings, []);
});

test('a mistyped arrow from a client to a database adds no database-exposed finding', () => {
  const findings = ruleFindings(`
    system s {
      client c { rate: 10/s }
      database db: postgres { backup: daily  replication { mode: primary_replica  replicas: 1 } }
      c => db
    }`);
  assert.deepEqual(findings, []);
});

test('findings elsewhere in the design still appear', () => {
  const findings = ruleFindings(`
    system s {
      client c { rate: 10/s }
      loadbalancer lb { instances: 2 }
      service api { instances = 2 }
      database db: postgres { replication { mode: primary_replica  replicas: 1 } }
      c -> lb -> api -> db
    }`);
  assert.deepEqual(findings.map((f) => f.split(':')[0]), ['no-backup']);
});
