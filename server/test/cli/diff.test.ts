// sysdesign diff: components, findings and estimates compared between two
// versions of a real sample, from files and from a temporary git repository,
// in JSON and Markdown, with the exit statuses of docs/diff.md.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/repo';
import { runCli } from './helpers';
import type { DesignDiff } from '../../src/review/diff';

const OLD = fs.readFileSync(path.join(repoRoot, 'samples', 'online-shop.sysdesign'), 'utf8');

/** The sample moved down three lines, payments cut to one instance, emailer renamed mailer, a connection added. */
function edited(): string {
  const replace = (s: string, from: string, to: string) => {
    assert.ok(s.includes(from), `the sample still has ${JSON.stringify(from)}`);
    return s.replace(from, to);
  };
  let s = `// moved down\n\n\n${OLD}`;
  s = replace(s, 'instances: 6 // 185/s x 20 ms = 3.7 cores of 12: twice the peak still fits', 'instances: 1');
  s = replace(s, 'worker emailer', 'worker mailer');
  s = replace(s, 'order_events -> emailer (group: emails)', 'order_events -> mailer (group: emails)\n  payments -> orders_db');
  return s;
}

function workspace(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-diff-'));
  fs.writeFileSync(path.join(dir, 'old.sysdesign'), OLD);
  fs.writeFileSync(path.join(dir, 'new.sysdesign'), edited());
  return dir;
}

function checkDiff(diff: DesignDiff): void {
  assert.deepEqual(Object.keys(diff), ['components', 'findings', 'systems']);
  assert.deepEqual(diff.components.added, [{ system: 'shop', name: 'mailer', kind: 'worker' }]);
  assert.deepEqual(diff.components.removed, [{ system: 'shop', name: 'emailer', kind: 'worker' }]);
  const payments = diff.components.changed.find((c) => c.name === 'payments');
  assert.deepEqual(payments?.properties, [{ property: 'instances', before: '6', after: '1' }]);
  assert.deepEqual(payments?.connections, { added: ['-> orders_db'], removed: [] });
  const stream = diff.components.changed.find((c) => c.name === 'order_events');
  assert.deepEqual(stream?.connections, { added: ['-> mailer (group: emails)'], removed: ['-> emailer (group: emails)'] });
  assert.deepEqual(diff.components.changed.map((c) => c.name).sort(), ['order_events', 'payments'], 'moving the text changed nothing else');
  // Findings: the overloaded payments service is new; nothing that only moved is reported.
  assert.deepEqual(
    diff.findings.added.map((f) => [f.rule, f.component, f.severity]),
    [['overload', 'payments', 'error']],
  );
  assert.deepEqual(diff.findings.removed, []);
  const shop = diff.systems.shop!;
  assert.ok(shop.before && shop.after);
  assert.equal(shop.after.bottleneck, 'payments');
  assert.ok(shop.after.max_utilization! > 1.8 && shop.after.max_utilization! < 1.9, `185 %: ${shop.after.max_utilization}`);
  assert.ok(shop.before.max_utilization! < 1);
  assert.equal(shop.before.peak_rps, shop.after.peak_rps);
  assert.equal(typeof shop.after.mean_response_ms, 'number');
}

describe('sysdesign diff', () => {
  test('two files: JSON', async () => {
    const dir = workspace();
    const r = await runCli(['diff', 'old.sysdesign', 'new.sysdesign', '--format', 'json'], { cwd: dir });
    assert.equal(r.code, 1, 'a new error-severity finding: exit 1');
    checkDiff(JSON.parse(r.stdout) as DesignDiff);
  });

  test('two files: a Markdown pull-request comment', async () => {
    const dir = workspace();
    const r = await runCli(['diff', 'old.sysdesign', 'new.sysdesign'], { cwd: dir });
    assert.equal(r.code, 1);
    const md = r.stdout;
    assert.match(md, /^## sysdesign: `old\.sysdesign` → `new\.sysdesign`\n\n⛔ 1 new error · 1 added, 1 removed, 2 changed components\n/);
    assert.match(md, /\| ➕ \| `mailer` \| worker \| added \|/);
    assert.match(md, /\| ➖ \| `emailer` \| worker \| removed \|/);
    assert.match(md, /\| ✏️ \| `payments` \| service \| `instances`: `6` → `1`<br>➕ `-> orders_db` \|/);
    assert.match(md, /\| ➕ new \| ⛔ error \| `overload` \| `payments` \(line \d+\) \| Service `payments` receives/);
    assert.match(md, /\| max utilization \| [\d.]+% → 185% \(\+1\d\d pp\) ⚠️ \|/);
    assert.match(md, /\| bottleneck \| `\w+` → `payments` \|/);
  });

  test('the same design twice: no changes, exit 0; a fix reads as fixed', async () => {
    const dir = workspace();
    const same = await runCli(['diff', 'old.sysdesign', 'old.sysdesign'], { cwd: dir });
    assert.equal(same.code, 0);
    assert.match(same.stdout, /No changes to components, findings or estimates\./);
    const back = await runCli(['diff', 'new.sysdesign', 'old.sysdesign', '-f', 'json'], { cwd: dir });
    assert.equal(back.code, 0, 'fixing an error is not a failure');
    const diff = JSON.parse(back.stdout) as DesignDiff;
    assert.deepEqual(diff.findings.removed.map((f) => f.rule), ['overload']);
    assert.deepEqual(diff.findings.added, []);
  });

  test('git:REF:PATH from a temporary repository', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-diff-git-'));
    const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe', env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' } });
    git('init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(dir, 'designs'));
    fs.writeFileSync(path.join(dir, 'designs', 'shop.sysdesign'), OLD);
    git('add', '.');
    git('commit', '-q', '-m', 'base');
    fs.writeFileSync(path.join(dir, 'designs', 'shop.sysdesign'), edited());
    git('commit', '-q', '-am', 'head');

    const r = await runCli(['diff', 'git:HEAD~1:designs/shop.sysdesign', 'git:HEAD:designs/shop.sysdesign', '-f', 'json'], { cwd: dir });
    assert.equal(r.code, 1, r.stderr);
    checkDiff(JSON.parse(r.stdout) as DesignDiff);
    // A ref against the working file, and ./PATH relative to a subfolder.
    const mixed = await runCli(['diff', 'git:main~1:./shop.sysdesign', 'shop.sysdesign', '-f', 'json'], { cwd: path.join(dir, 'designs') });
    assert.equal(mixed.code, 1, mixed.stderr);
    checkDiff(JSON.parse(mixed.stdout) as DesignDiff);
    const md = await runCli(['diff', 'git:HEAD~1:designs/shop.sysdesign', 'designs/shop.sysdesign'], { cwd: dir });
    assert.match(md.stdout, /^## sysdesign: `git:HEAD~1:designs\/shop\.sysdesign` → `designs\/shop\.sysdesign`/);

    const badRef = await runCli(['diff', 'git:nope:designs/shop.sysdesign', 'designs/shop.sysdesign'], { cwd: dir });
    assert.equal(badRef.code, 2);
    assert.match(badRef.stderr, /cannot read 'git:nope:designs\/shop\.sysdesign': invalid object name 'nope'/);
    const badPath = await runCli(['diff', 'git:HEAD:designs/gone.sysdesign', 'designs/shop.sysdesign'], { cwd: dir });
    assert.equal(badPath.code, 2);
    assert.match(badPath.stderr, /path 'designs\/gone\.sysdesign' does not exist in 'HEAD'/);
    const malformed = await runCli(['diff', 'git:HEAD', 'designs/shop.sysdesign'], { cwd: dir });
    assert.equal(malformed.code, 2);
    assert.match(malformed.stderr, /'git:HEAD' is not git:REF:PATH/);
  });

  test('outside a repository, and a missing file', async () => {
    const dir = workspace();
    const r = await runCli(['diff', 'git:HEAD:old.sysdesign', 'new.sysdesign'], { cwd: dir });
    assert.equal(r.code, 2);
    assert.match(r.stderr, /is not inside a git repository/);
    const missing = await runCli(['diff', 'gone.sysdesign', 'new.sysdesign'], { cwd: dir });
    assert.equal(missing.code, 2);
    assert.match(missing.stderr, /cannot read 'gone\.sysdesign'/);
  });
});

describe('sysdesign diff: cost and SLO deltas', () => {
  test('a bigger fleet costs more, a tighter target is at risk: both in the JSON and in the comment', async () => {
    const before = fs.readFileSync(path.join(repoRoot, 'samples', 'url-shortener.sysdesign'), 'utf8');
    assert.match(before, /slo \{ p99: 50ms/, 'the sample declares a p99 target');
    // A p99 target tighter than the estimate (about 7 ms), and one more keygen instance, which costs more.
    const after = before.replace(/slo \{ p99: 50ms/, 'slo { p99: 5ms').replace(/(service keygen[^{]*\{[^}]*?instances: )(\d+)/, (_m, head: string, n: string) => `${head}${Number(n) + 1}`);
    assert.notEqual(after, before);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-diff-cost-'));
    fs.writeFileSync(path.join(dir, 'a.sysdesign'), before);
    fs.writeFileSync(path.join(dir, 'b.sysdesign'), after);
    const json = await runCli(['diff', 'a.sysdesign', 'b.sysdesign', '--format', 'json'], { cwd: dir });
    const diff = JSON.parse(json.stdout) as DesignDiff;
    const { before: b, after: a } = diff.systems.shortener;
    assert.ok(b && a);
    assert.ok(a.cost.monthly_usd > b.cost.monthly_usd, `${b.cost.monthly_usd} → ${a.cost.monthly_usd}`);
    assert.equal(Math.round((a.cost.monthly_usd - b.cost.monthly_usd) * 100) / 100, Math.round((a.cost.components.keygen - b.cost.components.keygen) * 100) / 100, 'the difference is keygen\'s');
    assert.deepEqual(b.slo?.map((s) => [s.metric, s.holds]), [['p99', true], ['availability', true]]);
    assert.deepEqual(a.slo?.map((s) => [s.metric, s.target, s.holds]), [['p99', 5, false], ['availability', 0.999, true]]);
    const md = await runCli(['diff', 'a.sysdesign', 'b.sysdesign'], { cwd: dir });
    assert.match(md.stdout, /\| cost per month \| \$[\d,]+ → \$[\d,]+ \(\+\$[\d,]+\) ⚠️ \|/);
    assert.match(md.stdout, /\| SLO p99 ≤ 5 ms \| [\d.]+ ms ✅ → [\d.]+ ms ⚠️ \|/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
