// Table-driven checks over the registry: every rule's documentation examples
// (docs.fires fires it, docs.fixed does not, both are valid designs), its
// quick fixes on the docs example, its metadata against the published rule
// list (below), and that
// every rule has its own tests in this folder.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyze } from '../../src/analyze';
import { RULES, ruleById } from '../../src/rules/registry';
import { LANGUAGE_DIAGNOSTICS } from '../../src/rules/runner';
import { assertNoLanguageErrors, escapeRegExp, findingsOf, fixesWork } from './helpers';

/** Ids and default severities as first published (docs/rules/README.md, version 1), for the rules the registry implements. */
const SPEC: Record<string, 'error' | 'warning' | 'info'> = {
  'cap-ca-distributed': 'error',
  'cap-contradiction': 'warning',
  'quorum-overlap': 'error',
  'stale-replica-reads': 'warning',
  'eventual-financial': 'warning',
  'multi-primary-conflicts': 'error',
  'cross-shard-join': 'warning',
  'scatter-gather-query': 'warning',
  'modulo-sharding-rebalance': 'warning',
  'range-shard-hotspot': 'warning',
  'shard-key-missing': 'error',
  'directory-bottleneck': 'info',
  'nosql-join': 'warning',
  'blob-in-database': 'warning',
  'queue-multiple-consumer-types': 'warning',
  'stream-idle-consumers': 'warning',
  'pubsub-durable-work': 'warning',
  'queue-no-consumer': 'error',
  'sync-noncritical-call': 'info',
  'single-point-of-failure': 'warning',
  'stateful-round-robin': 'warning',
  'hash-lb-autoscale': 'info',
  'autoscale-without-lb': 'warning',
  'weights-without-weighted-rr': 'info',
  'no-backup': 'warning',
  'cache-no-invalidation': 'warning',
  'cdn-origin': 'error',
  'leaderless-orchestrators': 'warning',
  'sync-cycle': 'warning',
  'premature-sharding': 'info',
  overload: 'error',
  'near-capacity': 'warning',
  'rate-limit-below-load': 'info',
  // Added with issue 14 (one meaning: conserved traffic, autoscaled steady state; v2 §1).
  'fixed-rate-exceeds-inflow': 'error',
  'autoscale-min-below-peak': 'warning',
  // Not in rules.md version 1: added with issue 15 (targets and cost).
  'slo-at-risk': 'warning',
  'over-budget': 'warning',
  // Not in rules.md version 1: added with issue 19 (terminal safety).
  'bidi-control': 'warning',
  // Added with issue 16 (design review, round two).
  'health-check-disabled': 'warning',
  'forward-proxy-inbound': 'warning',
  'geo-shard-hotspot': 'warning',
  'write-back-critical-data': 'warning',
  'unindexed-query': 'warning',
  'database-exposed': 'warning',
  'gateway-bypass': 'warning',
  'unauthenticated-entry': 'warning',
  'plaintext-sensitive-data': 'info',
};

/** Rules published with a quick fix (the capacity rules have none). */
const SPEC_FIXES = new Set([
  'cap-ca-distributed', 'quorum-overlap', 'stale-replica-reads', 'eventual-financial', 'multi-primary-conflicts',
  'cross-shard-join', 'modulo-sharding-rebalance', 'range-shard-hotspot', 'nosql-join', 'blob-in-database',
  'queue-multiple-consumer-types', 'stream-idle-consumers', 'pubsub-durable-work', 'sync-noncritical-call',
  'single-point-of-failure', 'stateful-round-robin', 'hash-lb-autoscale', 'no-backup', 'cache-no-invalidation',
  'leaderless-orchestrators',
  // Issue 16: database-exposed and gateway-bypass have none (the fix is a new service or a re-routed connection).
  'health-check-disabled', 'forward-proxy-inbound', 'geo-shard-hotspot', 'write-back-critical-data', 'unindexed-query',
  'unauthenticated-entry', 'plaintext-sensitive-data',
]);

describe('registry', () => {
  test('ids are unique, kebab-case, and not language diagnostic ids', () => {
    const ids = RULES.map((r) => r.id);
    assert.equal(new Set(ids).size, ids.length);
    for (const id of ids) {
      assert.match(id, /^[a-z]+(-[a-z]+)*$/);
      assert.ok(!(LANGUAGE_DIAGNOSTICS as readonly string[]).includes(id));
      assert.equal(ruleById(id)?.id, id);
    }
    assert.equal(ruleById('no-such-rule'), undefined);
  });

  test('ids and default severities match the published list', () => {
    const sorted = (o: Record<string, string>) => Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
    assert.deepEqual(sorted(Object.fromEntries(RULES.map((r) => [r.id, r.severity]))), sorted(SPEC));
  });

  test('a rule declares a quick fix exactly when the published list gives one', () => {
    for (const rule of RULES) {
      if (rule.category === 'Capacity' || rule.category === 'Targets and cost') continue;
      assert.equal(rule.quickFix !== undefined, SPEC_FIXES.has(rule.id), rule.id);
    }
  });

  test('every rule has a category, a summary and complete docs', () => {
    const categories = ['Consistency and CAP', 'Data placement and sharding', 'Messaging', 'Availability and scaling', 'Security', 'Capacity', 'Targets and cost', 'Source text'];
    for (const rule of RULES) {
      assert.ok(categories.includes(rule.category), rule.id);
      assert.ok(rule.summary.length > 20, rule.id);
      for (const field of ['checks', 'why', 'fires', 'fixed'] as const) assert.ok(rule.docs[field].trim().length > 0, `${rule.id}: docs.${field}`);
    }
  });

  test('every rule has its own tests in this folder', () => {
    const dir = __dirname;
    const sources = fs.readdirSync(dir).filter((f) => /\.test\.[jt]s$/.test(f)).map((f) => fs.readFileSync(path.join(dir, f), 'utf8')).join('\n');
    for (const rule of RULES) {
      // `describe('id'` in TypeScript; `(0, node_test_1.describe)('id'` once compiled.
      assert.match(sources, new RegExp(`describe\\)?\\((['"\`])${escapeRegExp(rule.id)}\\1`), `no describe('${rule.id}', …) in server/test/rules`);
    }
  });
});

describe('docs examples', () => {
  for (const rule of RULES) {
    test(`${rule.id}: docs.fires fires it, docs.fixed does not`, () => {
      const fires = analyze(rule.docs.fires);
      assertNoLanguageErrors(fires, `${rule.id} docs.fires`);
      const found = findingsOf(fires, rule.id);
      assert.ok(found.length > 0, `${rule.id}: docs.fires does not fire it`);
      for (const d of found) assert.equal(d.severity, rule.severity);

      const fixed = analyze(rule.docs.fixed);
      assertNoLanguageErrors(fixed, `${rule.id} docs.fixed`);
      assert.deepEqual(findingsOf(fixed, rule.id).map((d) => d.message), [], `${rule.id}: docs.fixed still fires it`);
    });

    test(`${rule.id}: quick fixes on docs.fires`, () => {
      const analysis = analyze(rule.docs.fires);
      const findings = findingsOf(analysis, rule.id);
      if (rule.quickFix === undefined) {
        for (const d of findings) assert.equal(d.fixes, undefined, `${rule.id} offers a fix but declares none`);
        return;
      }
      const results = fixesWork(rule.id, { analysis, findings });
      for (const d of findings) assert.ok(d.fixes!.filter((f) => f.preferred).length <= 1, `${rule.id}: at most one preferred fix`);
      assert.ok(results.length > 0);
    });
  }
});
