// The preview's request traces and view picker in headless Chromium. A real
// traced run of a sample (the server's own runSimulationJob with `trace`) is
// posted to the page: the waterfall has one row per visit with bars whose
// widths follow the wait and service times, the picker switches requests,
// and clicking a row posts a reveal of that component's declaration. The
// view picker lists the system's views and posts the choice. Screenshots:
// .e2e-artifacts/preview/waterfall.png and view-picker.png.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/analyze';
import { buildGraph } from '../../src/diagram/graph';
import { layoutGraph } from '../../src/diagram/layout';
import { findView, viewGraph } from '../../src/diagram/view';
import { runSimulationJob } from '../../src/lsp/sim-job';
import type { ToWebviewMessage } from '../../src/protocol';
import { ARTIFACTS, browserForSuite, drawingMessage, NEEDS_CHROMIUM } from './page';
import { repoRoot } from '../helpers/repo';

const SAMPLE = 'online-shop.sysdesign';

describe('preview traces and views in Chromium', NEEDS_CHROMIUM, () => {
  const browser = browserForSuite();

  test(`${SAMPLE}: the waterfall of a traced request, the request picker, click to reveal (screenshot: waterfall.png)`, async () => {
    const text = fs.readFileSync(path.join(repoRoot, 'samples', SAMPLE), 'utf8');
    const message = await drawingMessage(text, SAMPLE);
    const system = analyze(text).systems[0]!;
    const result = runSimulationJob({ uri: message.uri, version: 1, text, system: system.name, overrides: { duration: 30, seed: 7 }, defaults: {}, errors: 0, trace: 6 });
    const traces = result.result.traces!;
    assert.equal(traces.length, 6);
    const long = traces.reduce((a, b) => (b.hops.length > a.hops.length ? b : a));
    assert.ok(long.hops.length >= 3, `a request with several visits (${long.hops.length})`);

    const p = await browser.open('light');
    try {
      await p.page.setViewportSize({ width: 1000, height: 1400 });
      await p.draw(message);
      await p.send({ type: 'simulation', result } as ToWebviewMessage);
      await p.page.waitForSelector('#sim-traces:not([hidden])');
      assert.equal(await p.page.locator('#trace-select option').count(), 6);
      assert.match((await p.page.locator('#trace-select option').first().textContent())!, /^#1 (read|write) from shoppers at [\d.]+ s — [\d.]+ ms, completed$/);

      await p.page.locator('#trace-select').selectOption(String(long.id));
      const rows = p.page.locator('#waterfall .waterfall-row');
      assert.equal(await rows.count(), long.hops.length);
      assert.deepEqual(await rows.evaluateAll((els) => els.map((e) => e.getAttribute('data-component'))), long.hops.map((h) => h.component));
      // Bars: each service bar as wide as its time on the shared scale; each starts where its hop starts.
      const bars = (await p.page.evaluate(`[...document.querySelectorAll('#waterfall .waterfall-row')].map((r) => {
        const s = r.querySelector('.waterfall-service'); const w = r.querySelector('.waterfall-wait');
        return { x: Number((w ?? s).getAttribute('x')), service: Number(s.getAttribute('width')), wait: w ? Number(w.getAttribute('width')) : 0 };
      })`)) as { x: number; service: number; wait: number }[];
      const scale = (bars[1]!.x - bars[0]!.x) / (long.hops[1]!.start_ms - long.hops[0]!.start_ms || 1);
      for (const [i, h] of long.hops.entries()) {
        if (h.service_ms * scale > 2) assert.ok(Math.abs(bars[i]!.service - h.service_ms * scale) < 0.5, `hop ${i} service bar ${bars[i]!.service} for ${h.service_ms} ms`);
        if (h.wait_ms * scale > 2) assert.ok(Math.abs(bars[i]!.wait - h.wait_ms * scale) < 0.5, `hop ${i} wait bar`);
      }

      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await p.page.locator('#sim-traces').screenshot({ path: path.join(ARTIFACTS, 'waterfall.png') });

      // Clicking a row reveals that component's declaration.
      const target = long.hops[long.hops.length - 1]!.component;
      await rows.last().click();
      const posted = await p.posted();
      const span = result.componentSpans[target]!;
      assert.deepEqual(posted[posted.length - 1], { type: 'reveal', kind: 'node', id: target, span });
      assert.match(text.slice(span.start, span.end), new RegExp(`^\\w+ ${target}\\b`));
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });

  test('the view picker lists the views, shows the one drawn, and posts the choice', async () => {
    const text = 'system s {\n  client app\n  service a\n  service b\n  app -> a -> b\n  view front "Front door" { include: [app, a] }\n  view back { focus: b  depth: 0 }\n}\n';
    const message = await drawingMessage(text, 'views.sysdesign');
    const p = await browser.open('light');
    try {
      await p.draw({ ...message, views: [{ name: 'front', title: 'Front door' }, { name: 'back' }] });
      assert.equal(await p.page.locator('#view-picker').isVisible(), true);
      assert.deepEqual(await p.page.locator('#view-select option').allTextContents(), ['Whole system', 'Front door (front)', 'back']);
      assert.equal(await p.page.locator('#view-select').inputValue(), '');
      await p.page.locator('#view-select').selectOption('front');
      let posted = await p.posted();
      assert.deepEqual(posted[posted.length - 1], { type: 'selectView', view: 'front' });
      // The server's answer for the view: the view's graph, laid out.
      const system = analyze(text).systems[0]!;
      const front = await layoutGraph(viewGraph(buildGraph(system), system, findView(system, 'front')!)!);
      await p.draw({ ...message, drawing: front, views: [{ name: 'front', title: 'Front door' }, { name: 'back' }], view: 'front' });
      assert.equal(await p.page.locator('#view-select').inputValue(), 'front');
      assert.deepEqual(await p.page.locator('#viewport g.node').evaluateAll((els) => els.map((e) => e.getAttribute('data-id')).sort()), ['a', 'app']);
      assert.equal(await p.page.locator('#title').textContent(), 'views.sysdesign \u2014 s \u00b7 Front door');
      fs.mkdirSync(ARTIFACTS, { recursive: true });
      await p.page.screenshot({ path: path.join(ARTIFACTS, 'view-picker.png') });
      await p.page.locator('#view-select').selectOption('');
      posted = await p.posted();
      assert.deepEqual(posted[posted.length - 1], { type: 'selectView' });
      // A system without views: no picker.
      await p.draw({ ...message, views: [] });
      assert.equal(await p.page.locator('#view-picker').isVisible(), false);
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });
});
