// Rule configuration (severity overrides, `off`, validateRuleConfig) and
// suppression comments (`// sysdesign-disable-next-line ID`,
// `// sysdesign-disable ID`), and the runner's isolation of a rule that throws.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { analyze } from '../../src/analyze';
import { RULES, ruleById } from '../../src/rules/registry';
import { runRules, unknownRuleMessage, validateRuleConfig } from '../../src/rules/runner';
import type { Rule } from '../../src/rules/types';
import { findingsOf, mark, where } from './helpers';

/** Two unreplicated databases without backups, one per line: two no-backup findings. */
const TWO_DATABASES = `system notes {
  database notes: postgres
  database drafts: postgres
}`;

function rulesAt(text: string, id: string, config?: Parameters<typeof analyze>[1]): string[] {
  const analysis = analyze(text, config);
  return findingsOf(analysis, id).map((d) => analysis.text.slice(d.span.start, d.span.end));
}

describe('severity overrides', () => {
  test('a warning rule raised to error', () => {
    const analysis = analyze(TWO_DATABASES, { rules: { 'no-backup': 'error' } });
    const found = findingsOf(analysis, 'no-backup');
    assert.equal(found.length, 2);
    for (const d of found) assert.equal(d.severity, 'error');
  });

  test('an error rule lowered to info, keeping message, span and fixes', () => {
    const text = `system shop {
  cap: CA
  database orders: postgres { sharding { strategy: consistent_hash  shards: 4  key: id } }
}`;
    const plain = findingsOf(analyze(text), 'cap-ca-distributed');
    const lowered = findingsOf(analyze(text, { rules: { 'cap-ca-distributed': 'info' } }), 'cap-ca-distributed');
    assert.equal(plain[0].severity, 'error');
    assert.deepEqual(lowered, plain.map((d) => ({ ...d, severity: 'info' })));
  });

  test('off removes the rule and nothing else', () => {
    const all = analyze(TWO_DATABASES);
    const off = analyze(TWO_DATABASES, { rules: { 'no-backup': 'off' } });
    assert.equal(findingsOf(off, 'no-backup').length, 0);
    assert.deepEqual(off.diagnostics, all.diagnostics.filter((d) => d.rule !== 'no-backup'));
  });

  test('overrides for other rules leave a rule at its default', () => {
    const analysis = analyze(TWO_DATABASES, { rules: { 'sync-cycle': 'off', 'cdn-origin': 'warning' } });
    for (const d of findingsOf(analysis, 'no-backup')) assert.equal(d.severity, 'warning');
  });
});

describe('validateRuleConfig', () => {
  test('accepts every rule with every setting', () => {
    const raw = Object.fromEntries(RULES.map((r, i) => [r.id, (['error', 'warning', 'info', 'off'] as const)[i % 4]]));
    const { config, problems } = validateRuleConfig(raw);
    assert.deepEqual(problems, []);
    assert.deepEqual(config, raw);
  });

  test('nothing configured: no problems', () => {
    assert.deepEqual(validateRuleConfig(undefined), { config: {}, problems: [] });
    assert.deepEqual(validateRuleConfig(null), { config: {}, problems: [] });
    assert.deepEqual(validateRuleConfig({}), { config: {}, problems: [] });
  });

  test('an unknown id is reported and dropped; the valid entries are kept', () => {
    const { config, problems } = validateRuleConfig({ 'no-bakup': 'off', 'no-backup': 'error' });
    assert.deepEqual(config, { 'no-backup': 'error' });
    assert.equal(problems.length, 1);
    assert.equal(problems[0].key, 'no-bakup');
    assert.match(problems[0].message, /Unknown rule 'no-bakup'/);
  });

  test('a partial id suggests the rule', () => {
    const { problems } = validateRuleConfig({ backup: 'off' });
    assert.match(problems[0].message, /Did you mean 'no-backup'\?/);
  });

  test('bad values are reported with the allowed ones', () => {
    for (const value of ['warn', 'ERROR', 'none', true, 1, null, { severity: 'error' }]) {
      const { config, problems } = validateRuleConfig({ 'no-backup': value });
      assert.deepEqual(config, {}, JSON.stringify(value));
      assert.equal(problems.length, 1);
      assert.equal(problems[0].key, 'no-backup');
      assert.match(problems[0].message, /"error", "warning", "info" or "off"/);
    }
  });

  test('a language diagnostic id cannot be configured', () => {
    for (const id of ['syntax', 'unknown-reference', 'invalid-value']) {
      const { config, problems } = validateRuleConfig({ [id]: 'off' });
      assert.deepEqual(config, {});
      assert.equal(problems.length, 1);
      assert.match(problems[0].message, /language error, not a design rule/);
    }
    assert.equal(unknownRuleMessage('no-backup'), undefined);
  });

  test('a value that is not an object is one problem', () => {
    for (const raw of [['no-backup'], 'no-backup', 3]) {
      const { config, problems } = validateRuleConfig(raw);
      assert.deepEqual(config, {});
      assert.equal(problems.length, 1);
      assert.equal(problems[0].key, '');
    }
  });
});

describe('suppression comments', () => {
  test('disable-next-line suppresses only the next line', () => {
    assert.deepEqual(rulesAt(`system notes {
  // sysdesign-disable-next-line no-backup
  database notes: postgres
  database drafts: postgres
}`, 'no-backup'), ['drafts']);
  });

  test('disable-next-line does not reach two lines down', () => {
    assert.deepEqual(rulesAt(`system notes {
  // sysdesign-disable-next-line no-backup

  database notes: postgres
}`, 'no-backup'), ['notes']);
  });

  test('disable-next-line applies to the line the finding starts on, inside a block', () => {
    assert.deepEqual(rulesAt(`system shop {
  database orders: postgres {
    consistency: strong
    // sysdesign-disable-next-line stale-replica-reads -- dashboards tolerate lag
    replication { mode: primary_replica  replicas: 2  read_from: replicas }
  }
}`, 'stale-replica-reads'), []);
  });

  test('disable-next-line for one rule leaves other rules on that line', () => {
    const text = `system shop {
  client web { rate: 10/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 2 }
  // sysdesign-disable-next-line no-backup
  database orders: postgres
  web -> lb -> api -> orders
}`;
    assert.deepEqual(rulesAt(text, 'no-backup'), []);
    assert.deepEqual(rulesAt(text, 'single-point-of-failure'), ['orders']);
  });

  test('disable is file-wide, wherever the comment stands', () => {
    assert.deepEqual(rulesAt(`system notes {
  database notes: postgres
  database drafts: postgres
}
// sysdesign-disable no-backup`, 'no-backup'), []);
  });

  test('several ids, separated by spaces or commas', () => {
    const text = `system shop {
  client web { rate: 10/s }
  loadbalancer lb { instances: 2 }
  service api { instances: 2 }
  // sysdesign-disable-next-line no-backup, single-point-of-failure cache-no-invalidation
  database orders: postgres
  web -> lb -> api -> orders
}`;
    const analysis = analyze(text);
    assert.deepEqual(analysis.diagnostics.map((d) => d.rule), []);
  });

  test('text after -- is a reason, not ids', () => {
    const analysis = analyze(`system notes {
  // sysdesign-disable-next-line no-backup -- scratch data, rebuilt nightly from events
  database notes: postgres
}`);
    assert.deepEqual(analysis.diagnostics, []);
  });

  test('without ids, a comment suppresses every rule', () => {
    assert.deepEqual(analyze(`system shop {
  client web { rate: 10/s }
  // sysdesign-disable-next-line
  service api
  web -> api
}`).diagnostics, []);
    assert.deepEqual(analyze(`// sysdesign-disable
system notes {
  database notes: postgres
  cache hot
}`).diagnostics, []);
  });

  test('language errors cannot be suppressed', () => {
    const analysis = analyze(`// sysdesign-disable
system notes {
  // sysdesign-disable-next-line
  database notes: postgres { bakup: daily }
}`);
    assert.deepEqual(analysis.diagnostics.map((d) => d.rule), ['unknown-property']);
  });

  test('an unknown id is reported as unknown-rule at its range, and suppresses nothing', () => {
    const { text, ranges } = mark(`system notes {
  // sysdesign-disable-next-line ⟦no-bakup⟧
  database notes: postgres
}`);
    const analysis = analyze(text);
    const unknown = findingsOf(analysis, 'unknown-rule');
    assert.deepEqual(unknown.map((d) => where(analysis, d.span)), ranges.map((s) => where(analysis, s)));
    assert.equal(unknown[0].severity, 'warning');
    assert.match(unknown[0].message, /Unknown rule 'no-bakup'/);
    assert.equal(findingsOf(analysis, 'no-backup').length, 1);
  });

  test('an unknown id among valid ones: the valid ones still apply', () => {
    const { text, ranges } = mark(`system notes {
  // sysdesign-disable ⟦cache-no-expiry⟧ no-backup
  database notes: postgres
}`);
    const analysis = analyze(text);
    assert.deepEqual(analysis.diagnostics.map((d) => [d.rule, where(analysis, d.span)]), [['unknown-rule', where(analysis, ranges[0])]]);
  });

  test('a language id in a comment is reported as unknown-rule', () => {
    const { text, ranges } = mark(`system notes {
  database notes: postgres { backup: daily }
  // sysdesign-disable-next-line ⟦syntax⟧
}`);
    const analysis = analyze(text);
    const unknown = findingsOf(analysis, 'unknown-rule');
    assert.deepEqual(unknown.map((d) => where(analysis, d.span)), ranges.map((s) => where(analysis, s)));
    assert.match(unknown[0].message, /language error/);
  });

  test('block comments and ordinary comments are not directives', () => {
    assert.deepEqual(rulesAt(`system notes {
  /* sysdesign-disable no-backup */
  // see sysdesign-disable-next-line no-backup in the docs
  database notes: postgres
}`, 'no-backup'), ['notes']);
  });

  test('works with CRLF line endings', () => {
    const text = TWO_DATABASES.replace('  database notes', '  // sysdesign-disable-next-line no-backup\n  database notes').replace(/\n/g, '\r\n');
    assert.deepEqual(rulesAt(text, 'no-backup'), ['drafts']);
  });

  test('a suppressed rule with an overridden severity stays suppressed', () => {
    assert.deepEqual(rulesAt(`system notes {
  // sysdesign-disable-next-line no-backup
  database notes: postgres
}`, 'no-backup', { rules: { 'no-backup': 'error' } }), []);
  });
});

describe('runRules', () => {
  const throwing: Rule = {
    ...ruleById('no-backup')!,
    id: 'always-throws',
    check() {
      throw new Error('boom');
    },
  };

  test('a rule that throws becomes one internal-error; the other rules still run', () => {
    const analysis = analyze(TWO_DATABASES);
    const out = runRules({ text: analysis.text, ast: analysis.ast, lines: analysis.lines, systems: analysis.systems }, {}, [throwing, ruleById('no-backup')!]);
    const internal = out.filter((d) => d.rule === 'internal-error');
    assert.equal(internal.length, 1);
    assert.equal(internal[0].severity, 'error');
    assert.match(internal[0].message, /always-throws/);
    assert.match(internal[0].message, /boom/);
    assert.equal(analysis.text.slice(internal[0].span.start, internal[0].span.end), 'notes');
    assert.deepEqual(out.filter((d) => d.rule === 'no-backup').map((d) => analysis.text.slice(d.span.start, d.span.end)), ['notes', 'drafts']);
  });

  test('a rule that throws after reporting keeps its earlier findings', () => {
    const partial: Rule = {
      ...throwing,
      id: 'half-done',
      check({ system, report }) {
        report({ message: 'first', span: system.nameSpan });
        throw new TypeError('second failed');
      },
    };
    const analysis = analyze(TWO_DATABASES);
    const out = runRules({ text: analysis.text, ast: analysis.ast, lines: analysis.lines, systems: analysis.systems }, {}, [partial]);
    assert.deepEqual(out.map((d) => d.rule), ['half-done', 'internal-error']);
  });

  test('runs once per system, with the configuration applied', () => {
    const analysis = analyze(`system a {
  database one: postgres
}
system b {
  database two: postgres
}`);
    const input = { text: analysis.text, ast: analysis.ast, lines: analysis.lines, systems: analysis.systems };
    assert.deepEqual(runRules(input, { 'no-backup': 'info' }, [ruleById('no-backup')!]).map((d) => [d.severity, analysis.text.slice(d.span.start, d.span.end)]), [['info', 'one'], ['info', 'two']]);
    assert.deepEqual(runRules(input, { 'no-backup': 'off' }, [ruleById('no-backup')!]), []);
  });
});
