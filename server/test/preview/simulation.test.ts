// The preview's simulation section in headless Chromium: a real run of a
// sample (the server's own runSimulationJob) is posted to the page; the
// charts draw (chart.js, bundled), the comparison table has one row per
// component, the diagram's nodes carry their utilization bucket and edges
// their flow width, Run posts the settings typed, and no CSP violation or
// page error occurs. Screenshot: .e2e-artifacts/preview/simulation.png.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { analyze } from '../../src/analyze';
import { runSimulationJob } from '../../src/lsp/sim-job';
import type { SystemModel } from '../../src/model/types';
import type { SimulateResult, ToWebviewMessage } from '../../src/protocol';
import { ARTIFACTS, drawingMessage, type DrawingMessage, browserForSuite, NEEDS_CHROMIUM } from './page';
import { repoRoot } from '../helpers/repo';

const SAMPLE = 'online-shop.sysdesign';

/** The sample drawn, and a real 30-second run of it (made once). */
let made: Promise<{ system: SystemModel; message: DrawingMessage; result: SimulateResult }> | undefined;

function fixture() {
  made ??= makeFixture();
  return made;
}

async function makeFixture() {
  const text = fs.readFileSync(path.join(repoRoot, 'samples', SAMPLE), 'utf8');
  const message = await drawingMessage(text, SAMPLE);
  const system = analyze(text).systems[0]!;
  const result = runSimulationJob({ uri: message.uri, version: 1, text, system: system.name, overrides: { duration: 30, seed: 7 }, defaults: {}, errors: 0 });
  return { system, message, result };
}

/** WCAG contrast ratio of two CSS colours `rgb(r, g, b)`. */
function contrast(a: string, b: string): number {
  const lum = (c: string) => {
    const [r, g, bl] = (c.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const x = Number(v) / 255;
      return x <= 0.03928 ? x / 12.92 : ((x + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r! + 0.7152 * g! + 0.0722 * bl!;
  };
  const [hi, lo] = [lum(a), lum(b)].sort((x, y) => y - x);
  return (hi! + 0.05) / (lo! + 0.05);
}


describe('preview simulation section in Chromium', NEEDS_CHROMIUM, () => {
  const browser = browserForSuite();

  test(`${SAMPLE}: charts, comparison table, coloured diagram, Run posts the settings`, async () => {
    const { system, message, result } = await fixture();
    assert.ok(result.comparison.rows.length > 0, 'the run compares some components');

    const p = await browser.open('light');
    try {
      await p.page.setViewportSize({ width: 1100, height: 1000 });
      await p.draw(message);
      await p.send({ type: 'simulationTargets', system: system.name, scenarios: [{ name: 'peak', events: 0 }] } as ToWebviewMessage);
      await p.send({ type: 'simulation', result });
      await p.page.waitForSelector('#sim-results:not([hidden])');

      // Charts: four canvases, each with something drawn on it.
      const inked = (await p.page.evaluate(`[...document.querySelectorAll('.sim-charts canvas')].map((c) => {
        if (c.width === 0 || c.height === 0) return 0;
        const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return n / (c.width * c.height);
      })`)) as number[];
      assert.equal(inked.length, 4);
      for (const [i, ratio] of inked.entries()) assert.ok(ratio > 0.005, `chart ${i} looks blank (${ratio})`);

      // The comparison table: one row per compared component, names as text.
      const rows = p.page.locator('#sim-table tbody tr');
      assert.equal(await rows.count(), result.comparison.rows.length);
      assert.equal(await rows.first().locator('td').first().textContent(), result.comparison.rows[0]!.component);

      // Nodes carry their utilization bucket; failing ones are marked; edges with flow are widened.
      for (const c of result.components) {
        const node = p.page.locator(`#viewport g.node[data-id="${c.name}"]`);
        if ((await node.count()) === 0 || c.utilization === null) continue;
        const expected =
          c.failed + c.dropped > 0 || c.saturatedAt !== null ? 'full' : c.utilization < 0.5 ? 'low' : c.utilization < 0.8 ? 'mid' : c.utilization < 1 ? 'high' : 'full';
        assert.equal(await node.getAttribute('data-util'), expected, `${c.name} utilization ${c.utilization}`);
        assert.equal(((await node.getAttribute('class')) ?? '').split(/\s+/).includes('sim-failed'), c.failed + c.dropped > 0, `${c.name} failed mark`);
      }
      assert.ok((await p.page.locator('#viewport g.node[data-util]').count()) > 0, 'some node is coloured');
      if (result.edges.some((e) => (e.throughput ?? 0) > 0)) {
        assert.ok((await p.page.locator('#viewport g.edge.sim-flow').count()) > 0, 'some edge shows its flow');
      }
      assert.match((await p.page.locator('#sim-status').textContent()) ?? '', /simulated/);
      // The comparison's notes (here: the autoscaled services) are listed under the table.
      assert.ok(result.comparison.notes.length > 0);
      assert.deepEqual(await p.page.locator('#sim-notes li').allTextContents(), result.comparison.notes);

      // The results took room from the diagram: the view, still the whole-drawing
      // fit, fitted itself to the smaller viewport, so every node stays in sight.
      await p.frames();
      const outside = await p.page.evaluate(`(() => {
        const box = document.querySelector('#viewport').getBoundingClientRect();
        return [...document.querySelectorAll('#viewport g.node')].map((g) => g.getBoundingClientRect())
          .filter((r) => r.top < box.top - 1 || r.bottom > box.bottom + 1 || r.left < box.left - 1 || r.right > box.right + 1).length;
      })()`);
      assert.equal(outside, 0, 'nodes cut off after the results appeared');
      const shot = path.join(ARTIFACTS, 'simulation.png');
      await p.page.screenshot({ path: shot, fullPage: true });

      // Once zoomed, a resize keeps the user's zoom (no refit).
      const scale = async () => (await p.page.evaluate(`(() => {
        const svg = document.querySelector('#viewport svg');
        return svg.clientWidth / Number(svg.getAttribute('viewBox').split(' ')[2]);
      })()`)) as number;
      await p.page.click('#zoom-in');
      const zoomed = await scale();
      await p.page.setViewportSize({ width: 1000, height: 900 });
      await p.frames();
      assert.ok(Math.abs((await scale()) - zoomed) < 1e-6, `zoom ${zoomed} changed to ${await scale()} by a resize`);

      // Run posts the settings typed; Save posts a save.
      await p.page.selectOption('#sim-scenario', 'peak');
      await p.page.fill('#sim-load', '2');
      await p.page.fill('#sim-duration', '45');
      await p.page.fill('#sim-seed', '3');
      await p.page.click('#sim-run');
      await p.page.click('#sim-cancel');
      await p.page.click('#sim-save');
      const posted = (await p.posted()).filter((m) => m.type === 'simulate' || m.type === 'cancelSimulation' || m.type === 'saveSimulation');
      assert.deepEqual(posted, [
        { type: 'simulate', scenario: 'peak', load: 2, duration: 45, seed: 3 },
        { type: 'cancelSimulation' },
        { type: 'saveSimulation' },
      ]);

      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });

  for (const theme of ['light', 'dark', 'hc'] as const) {
    test(`${theme} theme: the node names stay readable on their utilization colour`, async () => {
      const { system, message, result } = await fixture();
      const p = await browser.open(theme);
      try {
        await p.page.setViewportSize({ width: 1100, height: 900 });
        await p.draw(message);
        await p.send({ type: 'simulationTargets', system: system.name, scenarios: [] } as ToWebviewMessage);
        await p.send({ type: 'simulation', result });
        await p.page.waitForSelector('#viewport g.node[data-util]');
        const pairs = (await p.page.evaluate(`[...document.querySelectorAll('#viewport g.node[data-util]')].map((g) => {
          const shape = g.querySelector('.sim-shape');
          const label = g.querySelector('text');
          const fill = getComputedStyle(shape.matches('rect, path, polygon, ellipse, circle') ? shape : shape.firstElementChild).fill;
          return [g.getAttribute('data-id'), getComputedStyle(label).fill, fill];
        })`)) as [string, string, string][];
        assert.ok(pairs.length > 0);
        for (const [id, text, fill] of pairs) {
          assert.ok(contrast(text, fill) >= 4.5, `${id}: text ${text} on ${fill} (contrast ${contrast(text, fill).toFixed(2)})`);
        }
        await p.page.screenshot({ path: path.join(ARTIFACTS, `simulation-${theme}.png`) });
        assert.deepEqual(await p.problems(), []);
      } finally {
        await p.close();
      }
    });
  }
});
