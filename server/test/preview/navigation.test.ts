// Big designs in the preview page (headless Chromium): keyboard navigation
// between components (Tab, arrow keys, Enter reveals, Escape leaves),
// accessible names, the overview (minimap) shown only while part of the
// drawing is out of sight and moving the view when clicked, a badge click
// revealing the first finding, and the panel's size reported for `auto`.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { ARTIFACTS, browserForSuite, drawingMessage, NEEDS_CHROMIUM, type PreviewPage } from './page';
import { repoRoot } from '../helpers/repo';

const SHOP = fs.readFileSync(path.join(repoRoot, 'samples', 'online-shop.sysdesign'), 'utf8');

async function focusedId(p: PreviewPage): Promise<string | null> {
  return p.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { getAttribute(n: string): string | null } | null } }).document.activeElement?.getAttribute('data-id') ?? null);
}

async function lastReveal(p: PreviewPage) {
  const reveals = (await p.posted()).filter((m) => m.type === 'reveal');
  return reveals[reveals.length - 1];
}

describe('preview page: big designs', NEEDS_CHROMIUM, () => {
  const browser = browserForSuite();

  test('the page reports its diagram area before ready, so the first auto layout fits it', async () => {
    const p = await browser.open('light');
    try {
      const posted = await p.posted();
      const size = posted.findIndex((m) => m.type === 'viewport');
      assert.ok(size >= 0 && size < posted.findIndex((m) => m.type === 'ready'), JSON.stringify(posted));
      const m = posted[size] as { width: number; height: number };
      assert.ok(m.width > 600 && m.height > 300, JSON.stringify(m));
      await p.page.setViewportSize({ width: 500, height: 900 });
      await p.frames();
      await p.page.waitForTimeout(400); // the page waits for the resize to settle (250 ms) before reporting
      const reports = (await p.posted()).filter((x) => x.type === 'viewport') as { width: number; height: number }[];
      const last = reports[reports.length - 1]!;
      assert.ok(last.height > last.width, `tall after the resize: ${JSON.stringify(reports)}`);
    } finally {
      await p.close();
    }
  });

  test('keyboard: Tab and the arrow keys move between components, Enter reveals, Escape goes back to panning', async () => {
    const message = await drawingMessage(SHOP, 'online-shop.sysdesign');
    const drawing = message.drawing!;
    const p = await browser.open('light');
    try {
      await p.draw(message);
      const svg = p.page.locator('#viewport > svg');
      assert.equal(await svg.getAttribute('role'), 'group');
      assert.match((await svg.getAttribute('aria-label')) ?? '', /components/);
      const api = p.page.locator('#viewport g.node[data-id="api"]');
      assert.equal(await api.getAttribute('role'), 'button');
      assert.equal(await api.getAttribute('tabindex'), '0');
      assert.match((await api.getAttribute('aria-label')) ?? '', /^gateway api, kong/);
      const focusable = await p.page.locator('#viewport g.node[tabindex="0"]').count();
      assert.equal(focusable, drawing.nodes.length);

      await p.page.locator('#viewport').focus();
      await p.page.keyboard.press('Tab');
      const first = await focusedId(p);
      assert.ok(first && drawing.nodes.some((n) => n.id === first), `Tab reaches a component, got ${first}`);
      await p.page.keyboard.press('Tab');
      assert.notEqual(await focusedId(p), first, 'Tab moves on');

      await api.focus();
      assert.equal(await p.page.locator('#viewport g.node[data-id="api"] rect.focus-ring').count(), 1, 'the focused component is ringed');
      const from = drawing.nodes.find((n) => n.id === 'api')!;
      const viewBox = await svg.getAttribute('viewBox');
      for (const [key, ok] of [
        ['ArrowRight', (x: number, _y: number) => x > from.x + from.width / 2],
        ['ArrowLeft', (x: number, _y: number) => x < from.x + from.width / 2],
      ] as const) {
        await api.focus();
        await p.page.keyboard.press(key);
        const id = await focusedId(p);
        const to = drawing.nodes.find((n) => n.id === id);
        assert.ok(to && id !== 'api' && ok(to.x + to.width / 2, to.y + to.height / 2), `${key} from api went to ${id}`);
      }
      assert.equal(await svg.getAttribute('viewBox'), viewBox, 'arrows on a component move the focus, not the view');

      await api.focus();
      await p.page.keyboard.press('Enter');
      assert.deepEqual(await lastReveal(p), { type: 'reveal', kind: 'node', id: 'api', span: { start: from.span.start, end: from.span.end } });

      await p.page.keyboard.press('Escape');
      assert.equal(await p.page.evaluate(() => (globalThis as unknown as { document: { activeElement: { id: string } | null } }).document.activeElement?.id), 'viewport');
      await p.page.keyboard.press('ArrowRight');
      assert.notEqual(await svg.getAttribute('viewBox'), viewBox, 'back on the diagram, the arrows pan');
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });

  test('the overview: hidden while everything is in sight, shown when zoomed in, and a click there moves the view (screenshot: minimap.png)', async () => {
    const message = await drawingMessage(SHOP, 'online-shop.sysdesign');
    const drawing = message.drawing!;
    const p = await browser.open('light');
    try {
      await p.draw(message);
      const minimap = p.page.locator('#viewport > #minimap');
      assert.equal(await minimap.isHidden(), true, 'the fitted drawing is all in sight');
      for (let i = 0; i < 4; i++) await p.page.locator('#zoom-in').click();
      assert.equal(await minimap.isVisible(), true, 'zoomed in: part of the drawing is out of sight');
      const copy = minimap.locator('svg');
      assert.equal(await copy.locator('g.overview-node').count(), drawing.nodes.length, 'the overview draws every component');
      assert.equal(await copy.locator('g.node, [data-id]').count(), 0, 'none of them is one of the page\'s components');
      assert.equal(await copy.locator('text, title').count(), 0, 'without text');
      assert.equal(await copy.locator('[tabindex]').count(), 0, 'nothing in it takes the focus');
      const frame = copy.locator('rect.minimap-view');
      const before = Number(await frame.getAttribute('width'));
      assert.ok(before > 0 && before < drawing.width, `the frame shows the part in sight: ${before} of ${drawing.width}`);

      const viewBox = async () => ((await p.page.locator('#viewport > svg').getAttribute('viewBox')) ?? '').split(' ').map(Number);
      const [, , w0, h0] = await viewBox();
      const box = (await copy.boundingBox())!;
      await p.page.mouse.click(box.x + box.width * 0.9, box.y + box.height * 0.9);
      const [x, y, w, h] = await viewBox();
      assert.equal(w, w0, 'the zoom is kept');
      assert.equal(h, h0);
      const cx = x! + w! / 2;
      const cy = y! + h! / 2;
      assert.ok(cx > drawing.width * 0.6 && cy > drawing.height * 0.6, `centred near the bottom right: ${cx}, ${cy} of ${drawing.width}×${drawing.height}`);
      await p.page.screenshot({ path: path.join(ARTIFACTS, 'minimap.png') });

      await p.page.locator('#fit').click();
      assert.equal(await minimap.isHidden(), true, 'fitted again: hidden');
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });

  test('clicking a badge reveals the component\'s first finding', async () => {
    const text = 'system s {\n  client web { rate: 50/s }\n  service api { instancs: 2 }\n  web -> api\n}\n';
    const message = await drawingMessage(text, 'badge.sysdesign');
    const badge = message.badges.api!;
    assert.ok(badge.at, 'the badge knows its first finding');
    assert.match(badge.messages[0]!, /^error: /, 'worst first');
    const p = await browser.open('dark');
    try {
      await p.draw(message);
      await p.page.locator('#viewport g.node[data-id="api"] g.badge circle').click();
      assert.deepEqual(await lastReveal(p), { type: 'reveal', kind: 'badge', id: 'api', span: { start: badge.at.start, end: badge.at.end } });
      assert.equal(text.slice(badge.at.start, badge.at.end), 'instancs');
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });
});
