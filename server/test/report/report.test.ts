// sysdesign report: the page is written by the real CLI, then opened in
// headless Chromium with every network request routed to abort. It must ask
// for nothing, show the diagram, list the design's finding with a docs link
// that is https or relative, and (with --simulate) draw its charts. Light and
// dark screenshots go to .e2e-artifacts/report/.
import { figuresOf } from '../../src/review/figures';
import { simulateSystem, toJson } from '../../src/sim';
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { repoRoot } from '../helpers/repo';
import { NEEDS_CHROMIUM, chromiumForSuite } from '../helpers/chromium';
import { runCli } from '../cli/helpers';
import { analyze } from '../../src/analyze';
import { reportHtml } from '../../src/review/report-html';

const ARTIFACTS = path.join(repoRoot, '.e2e-artifacts', 'report');
const DESIGN = path.join(repoRoot, 'samples', 'review', 'overloaded-api.sysdesign');

describe('sysdesign report (the file)', () => {
  test('writes one page with no script and no external reference; exit 1 for a design with errors', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-report-'));
    const r = await runCli(['report', DESIGN, '-o', 'out.html'], { cwd: dir });
    assert.equal(r.code, 1, 'the design has an overload error');
    assert.match(r.stderr, /Wrote out\.html \(1 system\)/);
    const html = fs.readFileSync(path.join(dir, 'out.html'), 'utf8');
    assert.doesNotMatch(html, /<script/i);
    // Links to the rules' documentation are https; nothing the page loads is remote.
    assert.doesNotMatch(html, /\bsrc="(https?:)?\/\/|<link[^>]*href="(https?:)?\/\/|url\((['"]?)(https?:)?\/\//i, 'nothing loaded from elsewhere');
    assert.match(html, /<a class="rule" href="https:\/\/github\.com\/[^"]+\/docs\/rules\/overload\.md"/, 'the finding links to its rule page');
    assert.match(html, /Content-Security-Policy" content="default-src 'none'/);
    assert.match(html, /<svg [^>]*class="sysdesign-diagram/);
    assert.doesNotMatch(html, /class="charts"/, 'no simulation without --simulate');
  });

  test('bad usage', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-report-'));
    const txt = await runCli(['report', DESIGN, '-o', 'out.txt'], { cwd: dir });
    assert.equal(txt.code, 2);
    assert.match(txt.stderr, /must end in \.html/);
    const seed = await runCli(['report', DESIGN, '--seed', '3'], { cwd: dir });
    assert.equal(seed.code, 2);
    assert.match(seed.stderr, /--duration and --seed apply to --simulate/);
    const missing = await runCli(['report', 'missing.sysdesign'], { cwd: dir });
    assert.equal(missing.code, 2);
  });
});

describe('cost and SLO sections', () => {
  const text = fs.readFileSync(path.join(repoRoot, 'samples', 'url-shortener.sysdesign'), 'utf8');
  const page = (withTargets: boolean, simulate = false) => {
    const analysis = analyze(text);
    const system = analysis.systems[0]!;
    const estimate = analysis.estimate(system);
    const slo = figuresOf(estimate, system).slo;
    return reportHtml({
      file: 'd.sysdesign',
      version: '0',
      analysis,
      systems: [{
        name: system.name, diagram: { problem: 'not drawn here' }, estimate,
        ...(withTargets && slo ? { slo } : {}),
        ...(simulate ? { simulation: toJson(simulateSystem(system, { duration: 20, seed: 1, warmup: 5 })) } : {}),
      }],
      docLink: (rule) => `docs/rules/${rule}.md`,
    });
  };

  test('the monthly cost is in the estimate; a design without targets has no SLO section', () => {
    const html = page(false);
    assert.match(html, /Cost per month/);
    assert.doesNotMatch(html, /<h3>SLOs<\/h3>/);
  });

  test('each SLO target with the estimate and, after a run, the simulated value and verdict', () => {
    const estimated = page(true);
    assert.match(estimated, /<h3>SLOs<\/h3>.*<th>p99 ≤ 50 ms<\/th><td>[\d.]+ ms <span class="slo-met">✓ holds<\/span><\/td><\/tr>/s);
    // The sample's comment: a simulated minute measures a p99 of about 7 ms, and nothing fails.
    const run = page(true, true);
    assert.match(run, /<th>simulated<\/th>/);
    assert.match(run, /<th>p99 ≤ 50 ms<\/th><td>[\d.]+ ms <span class="slo-met">✓ holds<\/span><\/td><td>[\d.]+ ms <span class="slo-met">✓ met<\/span><\/td>/);
    assert.match(run, /<th>availability ≥ 99\.9 %<\/th><td>100 % <span class="slo-met">✓ holds<\/span><\/td><td>100 % <span class="slo-met">✓ met<\/span><\/td>/);
  });
});

describe('sysdesign report in Chromium, offline', NEEDS_CHROMIUM, () => {
  const browser = chromiumForSuite();

  for (const scheme of ['light', 'dark'] as const) {
    test(`--simulate, ${scheme}: no request, diagram, finding with its docs link, charts`, async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-report-'));
      const r = await runCli(['report', DESIGN, '-o', 'report.html', '--simulate', '--duration', '60s', '--seed', '7'], { cwd: dir });
      assert.equal(r.code, 1, r.stderr);
      const file = path.join(dir, 'report.html');

      const url = pathToFileURL(file).href;
      const { page, requests, errors } = await browser.open({ colorScheme: scheme, width: 1280, height: 900, allow: [url] });
      try {
        // The page itself is let through; anything it asks for (http, https, data, file) is recorded and aborted.
        await page.goto(url);
        await page.waitForLoadState('load');
        assert.deepEqual(requests, [], 'the page requested nothing');
        assert.deepEqual(errors, []);

        const diagram = page.locator('.diagram svg.sysdesign-diagram');
        assert.equal(await diagram.count(), 1);
        assert.ok((await page.locator('.diagram svg g.node').count()) >= 3, 'the diagram has its nodes');
        const box = await diagram.boundingBox();
        assert.ok(box && box.width > 200 && box.height > 100, `the diagram has a size: ${JSON.stringify(box)}`);

        const finding = page.locator('ul.findings li[data-rule="overload"]');
        assert.equal(await finding.count(), 1);
        assert.match((await finding.textContent()) ?? '', /sale_api/);
        const href = (await finding.locator('a.rule').getAttribute('href')) ?? '';
        assert.ok(/^https:\/\//.test(href) || !/^[a-z]+:/i.test(href), `https or relative: ${href}`);
        // A relative link reaches the page shipped in the package.
        if (!/^https:/.test(href)) assert.ok(fs.existsSync(path.resolve(dir, href)), `${href} exists`);

        const estimate = page.locator('.estimate table');
        assert.ok((await estimate.count()) >= 1, 'the estimate table');
        assert.match((await page.locator('.estimate').textContent()) ?? '', /sale_api/);

        const charts = page.locator('.charts svg.chart');
        assert.equal(await charts.count(), 4, 'latency, throughput, utilization, queues');
        for (let i = 0; i < 4; i++) {
          const points = (await charts.nth(i).locator('polyline.series').evaluateAll((ls) => ls.map((l) => (l.getAttribute('points') ?? '').split(' ').length))) as number[];
          assert.ok(points.length > 0 && points.some((n) => n > 10), `chart ${i} draws lines (${points})`);
          const b = await charts.nth(i).boundingBox();
          assert.ok(b && b.width > 300 && b.height > 100, `chart ${i} has a size`);
        }
        // The scheme reaches the diagram and the page: dark draws light text on a dark background.
        const bg = await page.evaluate(`getComputedStyle(document.body).backgroundColor`);
        assert.equal(bg, scheme === 'dark' ? 'rgb(15, 17, 21)' : 'rgb(248, 250, 252)');

        fs.mkdirSync(ARTIFACTS, { recursive: true });
        await page.screenshot({ path: path.join(ARTIFACTS, `report-${scheme}.png`), fullPage: true });
      } finally {
        await page.context().close();
      }
    });
  }
});
