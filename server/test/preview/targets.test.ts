// The preview's SLO targets and cost in headless Chromium: a real run of a
// design with SLO targets is posted to the page. Each target is listed with
// its verdict, the system's latency targets are drawn as dashed lines on the
// latency chart (the chart carries more of their colour than the same run
// without targets), and the comparison table shows each component's monthly
// cost and the total. Screenshot: .e2e-artifacts/preview/targets.png.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as path from 'path';
import { analyze } from '../../src/analyze';
import { runSimulationJob } from '../../src/lsp/sim-job';
import type { SimulateResult } from '../../src/protocol';
import { ARTIFACTS, drawingMessage, browserForSuite, NEEDS_CHROMIUM } from './page';

// Two instances at ρ = 0.25 each: the run's p99 is about 50 ms, well under the 300 ms target and well over the client's 20 ms.
const DESIGN = `system shop {
  budget: 1k/month
  slo { p99: 300ms  p50: 50ms  availability: 99.9% }
  client web { rate: 50/s  slo { p99: 20ms } }
  loadbalancer lb: alb
  service api { service_time: 10ms  instances: 2  price: 0.10/h }
  web -> lb -> api
}
`;

/**
 * The largest share of one pixel row of the latency chart in the p99 colour
 * (#dc2626, or near it where the line is anti-aliased): a horizontal target line fills much of a row; the jagged p99
 * series never does.
 */
const P99_ROW = `(() => {
  const c = document.querySelector('#chart-latency');
  const data = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  let best = 0;
  for (let y = 0; y < c.height; y++) {
    let n = 0;
    for (let x = 0; x < c.width; x++) {
      const i = (y * c.width + x) * 4;
      if (data[i + 3] > 60 && data[i] > 150 && data[i + 1] < 110 && data[i + 2] < 110 && data[i] - data[i + 1] > 80) n++;
    }
    best = Math.max(best, n / c.width);
  }
  return best;
})()`;

describe('preview SLO targets and cost in Chromium', NEEDS_CHROMIUM, () => {
  const browser = browserForSuite();

  test('verdicts listed, target lines drawn, cost beside the table', async () => {
    const message = await drawingMessage(DESIGN, 'targets.sysdesign');
    const system = analyze(DESIGN).systems[0]!;
    const result = runSimulationJob({ uri: message.uri, version: 1, text: DESIGN, system: system.name, overrides: { duration: 120, seed: 3 }, defaults: {}, errors: 0 });
    const slo = result.result.slo!;
    // The system's targets in metric order, then the client's.
    assert.deepEqual(slo.map((v) => [v.metric, v.client ?? null, v.met]), [['p50', null, true], ['p99', null, true], ['availability', null, true], ['p99', 'web', false]]);
    assert.ok(result.cost !== null);

    const p = await browser.open('light');
    try {
      await p.page.setViewportSize({ width: 1100, height: 1000 });
      await p.draw(message);
      // The latency series left empty, so the p99 colour on the chart is the target line's alone;
      // first without targets, then with them.
      const series = { ...result.result.series };
      for (const key of ['latency_p50_ms', 'latency_p95_ms', 'latency_p99_ms']) series[key] = series[key]!.map(() => null);
      const quiet: SimulateResult = { ...result, result: { ...result.result, series } };
      const bare: SimulateResult = { ...quiet, result: { ...quiet.result, slo: undefined } };
      await p.send({ type: 'simulation', result: bare });
      await p.page.waitForSelector('#sim-results:not([hidden])');
      await p.frames();
      assert.equal(await p.page.locator('#sim-slo').isHidden(), true);
      const without = (await p.page.evaluate(P99_ROW)) as number;

      await p.send({ type: 'simulation', result: quiet });
      await p.frames();
      const withTargets = (await p.page.evaluate(P99_ROW)) as number;
      assert.ok(without < 0.05, `nothing p99-coloured without targets (${without})`);
      assert.ok(withTargets > 0.4, `the dashed p99 target line fills a row (${withTargets})`);

      // One line per target, its verdict in words and as a class.
      const items = p.page.locator('#sim-slo li');
      assert.equal(await items.count(), slo.length);
      const texts = await items.allTextContents();
      const missed = texts.find((t) => t.startsWith('p99 of web'))!;
      assert.match(missed, /p99 of web ≤ 20\.0 ms: \d+\.\d ms — ✗ missed/);
      assert.ok(texts.some((t) => /^availability ≥ 99\.9 %: 100 % — ✓ met$/.test(t)), texts.join('\n'));
      assert.equal(await p.page.locator('#sim-slo li.slo-missed').count(), slo.filter((v) => !v.met).length);

      // Cost: each compared component's monthly figure, and the total under the table.
      const apiRow = p.page.locator('#sim-table tbody tr[data-component="api"] td');
      assert.equal(await apiRow.last().textContent(), '$146'); // 2 × $0.10/h × 730 h
      assert.equal(await p.page.locator('#sim-cost-total').isHidden(), false);
      // 2 × $0.10/h × 730 h + the ALB (730 h × $0.0225/h + 25/s ÷ 1,000 LCU × 730 h × $0.008/h) = $146 + $16.57.
      assert.equal(result.cost!.monthly_usd, 162.57);
      assert.equal(await p.page.locator('#sim-cost-total-value').textContent(), '$163');

      // The screenshot shows the real run: its series with the target lines over them.
      await p.send({ type: 'simulation', result });
      await p.frames();
      await p.page.screenshot({ path: path.join(ARTIFACTS, 'targets.png'), fullPage: true });
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });
});
