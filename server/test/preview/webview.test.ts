// The preview page in headless Chromium (Debian's chromium via playwright-core):
// every sample drawn in a light and a dark theme (screenshots in
// .e2e-artifacts/preview/, checked not blank), one `g.node` per drawn node,
// clicks that post reveal messages with the node's span, the editor's
// highlight, the stale notice, the system picker, pan and zoom kept across
// updates, and a hostile design that cannot inject markup or script. No CSP
// violation or page error is allowed anywhere.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import { PALETTES } from '../../src/diagram/theme';
import { ARTIFACTS, drawingMessage, browserForSuite, type PreviewPage, NEEDS_CHROMIUM, type Theme, pageModule } from './page';
import { repoRoot } from '../helpers/repo';
import { decodePng, pixelStats } from './png-decode';

async function viewBox(p: PreviewPage): Promise<string | null> {
  return p.page.locator('#viewport > svg').getAttribute('viewBox');
}

const samples = fs
  .readdirSync(path.join(repoRoot, 'samples'))
  .filter((f) => f.endsWith('.sysdesign'))
  .sort();


describe('preview page in Chromium', NEEDS_CHROMIUM, () => {
  const browser = browserForSuite();

  for (const sample of samples) {
    for (const theme of ['light', 'dark'] as Theme[]) {
      test(`${sample} (${theme}): drawn, not blank, one g.node per node, clicks reveal, highlight follows the editor`, async () => {
        const message = await drawingMessage(fs.readFileSync(path.join(repoRoot, 'samples', sample), 'utf8'), sample);
        const drawing = message.drawing!;
        const p = await browser.open(theme);
        try {
          const rendered = await p.draw(message);
          assert.equal(rendered.nodes, drawing.nodes.length);
          assert.equal(rendered.edges, drawing.edges.length);
          assert.equal(await p.page.locator('#viewport > svg g.node').count(), drawing.nodes.length);
          assert.equal(await p.page.locator('#viewport > svg g.edge').count(), drawing.edges.length);
          assert.equal(await p.page.locator('#viewport > svg g.badge').count(), Object.keys(message.badges).length);

          const file = path.join(ARTIFACTS, `${sample.replace(/\.sysdesign$/, '')}-${theme}.png`);
          const shot = await p.page.screenshot({ path: file });
          const stats = pixelStats(decodePng(shot));
          assert.ok(stats.inkRatio > 0.03 && stats.variance > 50 && stats.colors > 50, `${file} looks blank: ${JSON.stringify(stats)}`);

          // Click a leaf node: the page posts a reveal with its declaration's span.
          const leaf = drawing.nodes.find((n) => !n.container && !drawing.nodes.some((m) => m.parent === n.id))!;
          await p.page.locator(`#viewport g.node[data-id="${leaf.id}"] text`).first().click();
          const reveal = (await p.posted()).filter((m) => m.type === 'reveal');
          assert.deepEqual(reveal[reveal.length - 1], { type: 'reveal', kind: 'node', id: leaf.id, span: { start: leaf.span.start, end: leaf.span.end } });

          // The editor's cursor moved into a node: exactly that node is highlighted.
          await p.send({ type: 'highlight', node: leaf.id });
          const highlighted = p.page.locator('#viewport g.node.highlight');
          assert.equal(await highlighted.count(), 1);
          assert.equal(await highlighted.getAttribute('data-id'), leaf.id);
          assert.equal(await p.page.locator(`#viewport g.node[data-id="${leaf.id}"] rect.highlight-ring`).count(), 1);
          await p.send({ type: 'highlight' });
          assert.equal(await p.page.locator('#viewport .highlight, #viewport .highlight-ring').count(), 0);
          assert.deepEqual(await p.problems(), []);
        } finally {
          await p.close();
        }
      });
    }
  }

  test('a highlighted node, a badge and a connection click (screenshot: highlight-dark.png)', async () => {
    const text = 'system s "Small" {\n  client web { rate: 50/s }\n  service api { instancs: 2 }\n  database db: postgres\n  web -> api -> db\n}\n';
    const message = await drawingMessage(text, 'small.sysdesign');
    const p = await browser.open('dark');
    try {
      await p.draw(message);
      assert.equal(await p.page.locator('#viewport g.node[data-id="api"] g.badge-error').count(), 1, 'the unknown property is badged');
      const tooltip = await p.page.locator('#viewport g.node[data-id="api"] g.badge > title').textContent();
      assert.match(tooltip ?? '', /unknown-property/);
      await p.send({ type: 'highlight', node: 'api' });
      await p.page.screenshot({ path: path.join(ARTIFACTS, 'highlight-dark.png') });
      const edge = message.drawing!.edges.find((e) => e.id === 'api->db')!;
      // A straight edge's box has no height (Playwright calls it invisible), and a bent one's middle is off
      // the line: click the point halfway along the line, by coordinates.
      const middle = await p.page.locator('#viewport g.edge[data-id="api->db"] path.line').evaluate((el) => {
        const path = el as unknown as { getTotalLength(): number; getPointAtLength(l: number): { x: number; y: number; matrixTransform(m: unknown): { x: number; y: number } }; getScreenCTM(): unknown };
        const p = path.getPointAtLength(path.getTotalLength() / 2).matrixTransform(path.getScreenCTM());
        return { x: p.x, y: p.y };
      });
      await p.page.mouse.click(middle.x, middle.y);
      const reveal = (await p.posted()).filter((m) => m.type === 'reveal');
      assert.deepEqual(reveal[reveal.length - 1], { type: 'reveal', kind: 'edge', id: 'api->db', span: { start: edge.span.start, end: edge.span.end } });
      assert.equal(text.slice(edge.span.start, edge.span.end), 'api -> db');
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });

  test('high contrast theme (screenshot: online-shop-hc.png)', async () => {
    const message = await drawingMessage(fs.readFileSync(path.join(repoRoot, 'samples', 'online-shop.sysdesign'), 'utf8'), 'online-shop.sysdesign');
    const p = await browser.open('hc');
    try {
      await p.draw(message);
      const shot = await p.page.screenshot({ path: path.join(ARTIFACTS, 'online-shop-hc.png') });
      const stats = pixelStats(decodePng(shot));
      assert.ok(stats.inkRatio > 0.02, JSON.stringify(stats));
      // Shapes are filled with the editor background and outlined with the contrast border.
      const fill = await p.page.locator('#viewport g.node.kind-service rect').first().evaluate((el) => (globalThis as unknown as { getComputedStyle(e: unknown): { fill: string } }).getComputedStyle(el).fill);
      assert.equal(fill, 'rgb(0, 0, 0)');
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });

  test('a stale drawing shows the notice; a fresh one hides it; an error keeps the last drawing', async () => {
    const message = await drawingMessage('system s {\n  service a\n  service b\n  a -> b\n}\n', 's.sysdesign');
    const p = await browser.open('light');
    try {
      await p.draw(message);
      assert.equal(await p.page.locator('#notice').isVisible(), false);
      await p.draw({ ...message, version: 2, drawnVersion: 1, stale: true, layout: 'stale' });
      assert.equal(await p.page.locator('#notice').isVisible(), true);
      assert.match((await p.page.locator('#notice').textContent()) ?? '', /syntax errors: showing the last diagram/);
      await p.page.screenshot({ path: path.join(ARTIFACTS, 'stale-light.png') });
      await p.draw({ ...message, version: 3, drawnVersion: 3 });
      assert.equal(await p.page.locator('#notice').isVisible(), false);
      const { drawing: _drawing, ...noDrawing } = message;
      await p.draw({ ...noDrawing, version: 4, drawnVersion: 4, layout: 'none', error: 'Layout failed.' });
      assert.equal(await p.page.locator('#viewport g.node').count(), 2, 'the last drawing stays');
      assert.match((await p.page.locator('#notice').textContent()) ?? '', /Layout failed/);
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });

  test('several systems: the picker lists them and posts the choice', async () => {
    const text = 'system first "First one" {\n  service a\n}\n\nsystem second {\n  service b\n  service c\n  b -> c\n}\n';
    const message = await drawingMessage(text, 'two.sysdesign');
    const p = await browser.open('light');
    try {
      await p.draw(message);
      assert.equal(await p.page.locator('#picker').isVisible(), true);
      assert.deepEqual(await p.page.locator('#system option').allTextContents(), ['First one (first)', 'second']);
      assert.equal(await p.page.locator('#system').inputValue(), 'first');
      await p.page.locator('#system').selectOption('second');
      const posted = await p.posted();
      assert.deepEqual(posted[posted.length - 1], { type: 'selectSystem', system: 'second' });
      // One system: no picker.
      await p.draw(await drawingMessage('system only {\n  service a\n}\n', 'one.sysdesign'));
      assert.equal(await p.page.locator('#picker').isVisible(), false);
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });

  test('pan and zoom: buttons, wheel and drag change the view; an update keeps it; fit resets it', async () => {
    const text = fs.readFileSync(path.join(repoRoot, 'samples', 'url-shortener.sysdesign'), 'utf8');
    const message = await drawingMessage(text, 'url-shortener.sysdesign');
    const p = await browser.open('light');
    try {
      await p.draw(message);
      const fitted = await viewBox(p);
      await p.page.locator('#zoom-in').click();
      const zoomed = await viewBox(p);
      assert.notEqual(zoomed, fitted);
      const width = (vb: string | null): number => Number(vb!.split(' ')[2]);
      assert.ok(width(zoomed) < width(fitted), 'zooming in shows less of the drawing');
      await p.page.mouse.move(600, 400);
      await p.page.mouse.wheel(0, -300);
      const wheeled = await viewBox(p);
      assert.ok(width(wheeled) < width(zoomed), 'the wheel zooms in');
      // Drag to pan: the view moves and nothing is revealed.
      const reveals = (await p.posted()).filter((m) => m.type === 'reveal').length;
      await p.page.mouse.move(500, 400);
      await p.page.mouse.down();
      await p.page.mouse.move(400, 350, { steps: 5 });
      await p.page.mouse.up();
      const panned = await viewBox(p);
      assert.notEqual(panned, wheeled);
      assert.equal(width(panned), width(wheeled));
      assert.equal((await p.posted()).filter((m) => m.type === 'reveal').length, reveals, 'a drag is not a click');
      // An edit arrives (a new drawing of the same system): the view stays.
      await p.draw({ ...message, version: 2, drawnVersion: 2 });
      assert.equal(await viewBox(p), panned);
      await p.page.locator('#fit').click();
      assert.equal(await viewBox(p), fitted);
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });

  test('the saved view is restored after a reload (the serializer passes the webview state back)', async () => {
    const text = fs.readFileSync(path.join(repoRoot, 'samples', 'chat.sysdesign'), 'utf8');
    const message = await drawingMessage(text, 'chat.sysdesign');
    const view = { x: 100, y: 50, scale: 0.75 };
    const p = await browser.open('light', { uri: message.uri, system: message.system, view });
    try {
      await p.draw(message);
      assert.equal(await viewBox(p), `100 50 ${Math.round((1200 / 0.75) * 100) / 100} ${Number((await p.page.locator('#viewport').evaluate((el) => el.clientHeight / 0.75)).toFixed(2))}`);
    } finally {
      await p.close();
    }
  });

  test('a hostile design cannot inject markup or script', async () => {
    const hostile = [
      'system evil "</svg><script>window.__xss=1</script>" {',
      '  service api "<img src=x onerror=window.__xss=2>" { instances: 2 }',
      '  queue jobs "& </title></g><svg onload=window.__xss=3>"',
      '  api -> jobs : "<script>window.__xss=4</script>"',
      '}',
      '',
      'system other "<iframe src=javascript:window.__xss=5>" {',
      '  service b',
      '}',
      '',
    ].join('\n');
    const message = await drawingMessage(hostile, '<img src=x onerror=window.__xss=6>.sysdesign');
    assert.equal(message.systems.length, 2);
    const p = await browser.open('light');
    try {
      await p.draw({ ...message, error: undefined });
      await p.send({ type: 'status', message: '<img src=x onerror=window.__xss=7>' });
      await p.draw({ ...message, version: 2, drawnVersion: 1, stale: true });
      await p.page.screenshot({ path: path.join(ARTIFACTS, 'hostile-light.png') });
      const report = (await p.page.evaluate(`(() => {
        const all = [...document.querySelectorAll('*')];
        return {
          scripts: document.querySelectorAll('script').length,
          scriptsInBody: document.querySelectorAll('main script, header script, #notice script, svg script').length,
          injected: document.querySelectorAll('img, iframe, foreignObject, svg svg, object, embed').length,
          handlers: all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name))).length,
          xss: window.__xss,
          text: document.querySelector('#viewport svg').textContent,
          title: document.querySelector('#title').textContent,
          options: [...document.querySelectorAll('#system option')].map((o) => o.textContent),
        };
      })()`)) as { scripts: number; scriptsInBody: number; injected: number; handlers: number; xss: number; text: string; title: string; options: string[] };
      assert.equal(report.scripts, 2, 'only the page script and its JSON state');
      assert.equal(report.scriptsInBody, 0);
      assert.equal(report.injected, 0);
      assert.equal(report.handlers, 0);
      assert.equal(report.xss, 0);
      // The text arrived as text.
      assert.ok(report.text.includes('<img src=x onerror=window.__xss=2>'), report.text);
      assert.ok(report.text.includes('<script>window.__xss=4</script>'));
      assert.ok(report.title.startsWith('<img src=x onerror=window.__xss=6>.sysdesign'));
      assert.deepEqual(report.options, ['</svg><script>window.__xss=1</script> (evil)', '<iframe src=javascript:window.__xss=5> (other)']);
      assert.equal(await p.page.locator('#viewport g.node').count(), message.drawing!.nodes.length);
      assert.deepEqual(await p.problems(), []);
    } finally {
      await p.close();
    }
  });
});

describe('preview page (no browser)', () => {
  test('the embedded state cannot close its script block', () => {
    const { previewHtml } = pageModule();
    const html = previewHtml({
      cspSource: 'https://example.test',
      scriptUri: 'https://example.test/main.js',
      styleUri: 'https://example.test/preview.css',
      nonce: 'abc123',
      state: { uri: 'file:///</script><script>alert(1)</script>\u2028.sysdesign', system: '<!--' },
    });
    assert.ok(!html.includes('</script><script>alert'));
    assert.ok(!html.includes('<!--'));
    const json = /<script id="sd-initial-state" type="application\/json">(.*?)<\/script>/s.exec(html)![1]!;
    assert.deepEqual(JSON.parse(json), { uri: 'file:///</script><script>alert(1)</script>\u2028.sysdesign', system: '<!--' });
    assert.match(html, /content="default-src 'none'; script-src 'nonce-abc123'; style-src https:\/\/example.test; img-src https:\/\/example.test data:; font-src https:\/\/example.test"/);
    assert.equal((html.match(/<script/g) ?? []).length, 2);
    assert.match(html, /<script nonce="abc123" src="https:\/\/example.test\/main.js"><\/script>/);
  });

  test('the webview stylesheets close every rule: no rule ends up nested inside another', () => {
    // A rule left open (a "}" lost in a merge) is not a syntax error to CSS nesting: every rule after it
    // silently becomes a descendant of it and stops matching (the overview lost its absolute position,
    // the focus ring started catching the clicks meant for the badges).
    for (const name of ['preview.css', 'markdown-preview.css']) {
      const css = fs.readFileSync(path.join(repoRoot, 'client', 'webview', name), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
      const open: string[] = [];
      let start = 0;
      for (let i = 0; i < css.length; i++) {
        if (css[i] === '{') {
          const prelude = css.slice(start, i).trim();
          assert.ok(open.every((p) => p.startsWith('@')), `${name}: "${prelude}" is nested inside "${open.at(-1)}" (a rule before it is not closed)`);
          open.push(prelude);
          start = i + 1;
        } else if (css[i] === '}') {
          assert.ok(open.pop() !== undefined, `${name}: a "}" closes nothing`);
          start = i + 1;
        } else if (css[i] === ';') start = i + 1;
      }
      assert.deepEqual(open, [], `${name}: rules left open`);
    }
  });

  test('preview.css gives every colour token of theme.ts a value, in the light and the dark block', () => {
    const css = fs.readFileSync(path.join(repoRoot, 'client', 'webview', 'preview.css'), 'utf8');
    const block = (selector: string): string => {
      const at = css.indexOf(`${selector} {`);
      assert.ok(at >= 0, `preview.css has a "${selector}" block`);
      return css.slice(at, css.indexOf('}', at));
    };
    const light = block('body');
    const dark = block('body.vscode-high-contrast:not(.vscode-high-contrast-light)');
    for (const token of Object.keys(PALETTES.light)) assert.match(light, new RegExp(`--sd-${token}:`), `light: --sd-${token}`);
    for (const token of Object.keys(PALETTES.dark)) {
      if (token === 'badge-text') continue; // white in both
      assert.match(dark, new RegExp(`--sd-${token}:`), `dark: --sd-${token}`);
      // Tokens VS Code has no colour for take the dark palette's value.
      if (!/var\(/.test(/--sd-[a-z-]+: ([^;]+);/.exec(dark.slice(dark.indexOf(`--sd-${token}:`)))![1]!)) {
        assert.match(dark, new RegExp(`--sd-${token}: ${PALETTES.dark[token]};`), `dark: --sd-${token} is the palette's`);
      }
    }
  });
});
