// The Markdown preview's fences: the markdown-it plugin (client/src/markdown/
// fence-plugin.ts, run here with the real markdown-it) wraps a ```sysdesign
// fence in a holder carrying its text, escaped; the preview script
// (dist/webview/markdown-preview.js, built by esbuild) then draws it in
// headless Chromium, with every network request aborted. Screenshot:
// .e2e-artifacts/markdown/preview-*.png.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'fs';
import * as path from 'path';
import MarkdownIt from 'markdown-it';
import { repoRoot } from '../helpers/repo';
import { NEEDS_CHROMIUM, chromiumForSuite } from '../helpers/chromium';
import { ensureWebviewBuilt } from '../preview/page';

interface PluginModule {
  sysdesignFencePlugin(md: InstanceType<typeof MarkdownIt>): InstanceType<typeof MarkdownIt>;
  FENCE_CLASS: string;
  SOURCE_ATTRIBUTE: string;
}

/** The client's plugin: compiled next to the compiled tests, or the source under tsx. */
function plugin(): PluginModule {
  const compiled = path.join(repoRoot, 'out', 'client', 'src', 'markdown', 'fence-plugin.js');
  const source = path.join(repoRoot, 'client', 'src', 'markdown', 'fence-plugin.ts');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(__filename.endsWith('.ts') || !fs.existsSync(compiled) ? source : compiled) as PluginModule;
}

const DESIGN = `system shop "Shop" {
  client users "Users <b>&amp;</b> \\"friends\\""
  loadbalancer lb: nlb
  service api {
    instances: 3
  }
  database db: postgres
  users -> lb
  lb -> api
  api -> db
}`;

const MARKDOWN = `# Architecture notes

The checkout path, drawn from its design:

\`\`\`sysdesign
${DESIGN}
\`\`\`

Other code stays code:

\`\`\`js
const x = "<sysdesign>";
\`\`\`

\`\`\`sysdesign
this is not a design {
\`\`\`
`;

function rendered(): string {
  const md = new MarkdownIt();
  plugin().sysdesignFencePlugin(md);
  return md.render(MARKDOWN);
}

describe('the markdown-it plugin', () => {
  test('wraps sysdesign fences in a holder with their text, escaped; other fences untouched', () => {
    const { FENCE_CLASS, SOURCE_ATTRIBUTE } = plugin();
    const html = rendered();
    const holders = html.match(new RegExp(`<div class="${FENCE_CLASS}" ${SOURCE_ATTRIBUTE}="[^"]*">`, 'g')) ?? [];
    assert.equal(holders.length, 2);
    assert.ok(html.includes('Users &lt;b&gt;&amp;amp;&lt;/b&gt; \\&quot;friends\\&quot;'), 'quotes and markup escaped in the attribute');
    assert.match(html, /<pre><code class="language-js">const x = &quot;&lt;sysdesign&gt;&quot;;\n<\/code><\/pre>\n<p>|<pre><code class="language-js">/);
    assert.equal((html.match(/language-js/g) ?? []).length, 1);
    assert.ok(!/<div class="sysdesign-fence"[^>]*>\s*<pre><code class="language-js"/.test(html), 'the js fence has no holder');
    // The code block is still there for when the drawing cannot be made.
    assert.ok(html.includes('<code class="language-sysdesign">system shop'));
  });

  test('the text in the attribute reads back exactly (as a browser would)', () => {
    const { SOURCE_ATTRIBUTE } = plugin();
    const m = new RegExp(`${SOURCE_ATTRIBUTE}="([^"]*)"`).exec(rendered());
    const unescaped = m![1]!.replace(/&quot;/g, '"').replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
    assert.equal(unescaped, `${DESIGN}\n`);
  });
});

describe('the Markdown preview draws the fences in Chromium', NEEDS_CHROMIUM, () => {
  const browser = chromiumForSuite();
  const ARTIFACTS = path.join(repoRoot, '.e2e-artifacts', 'markdown');

  for (const theme of ['vscode-light', 'vscode-dark'] as const) {
    test(theme, async () => {
      ensureWebviewBuilt();
      const script = path.join(repoRoot, 'dist', 'webview', 'markdown-preview.js');
      const css = path.join(repoRoot, 'dist', 'webview', 'markdown-preview.css');
      assert.ok(fs.existsSync(script), 'node esbuild.mjs builds dist/webview/markdown-preview.js');
      const { page, requests, errors } = await browser.open({ colorScheme: theme === 'vscode-dark' ? 'dark' : 'light', width: 900, height: 900 });
      try {
        const background = theme === 'vscode-dark' ? '#1f1f1f' : '#ffffff';
        const color = theme === 'vscode-dark' ? '#cccccc' : '#3b3b3b';
        await page.setContent(
          `<!doctype html><html><head><style>body{font-family:system-ui,sans-serif;background:${background};color:${color};padding:0 24px}</style></head>` +
            `<body class="${theme}">${rendered()}</body></html>`,
        );
        await page.addStyleTag({ content: fs.readFileSync(css, 'utf8') });
        await page.addScriptTag({ content: fs.readFileSync(script, 'utf8') });

        await page.waitForSelector('.sysdesign-fence.drawn svg.sysdesign-diagram');
        await page.waitForSelector('.sysdesign-fence.failed');
        const drawn = page.locator('.sysdesign-fence.drawn');
        assert.equal(await drawn.count(), 1);
        assert.equal(await drawn.locator('svg g.node').count(), 4, 'users, lb, api, db');
        assert.match((await drawn.locator('svg').textContent()) ?? '', /Users <b>&amp;<\/b> "friends"/, 'the title drawn as text, not markup');
        assert.equal(await drawn.locator('pre').isVisible(), false, 'the picture stands for the code');
        const failed = page.locator('.sysdesign-fence.failed');
        assert.match((await failed.locator('.sysdesign-drawing').textContent()) ?? '', /cannot draw this fence: the fence declares no system/);
        assert.equal(await failed.locator('pre').isVisible(), true, 'a fence that cannot be drawn keeps its code');

        // The preview updates: a changed fence is drawn again.
        await page.evaluate(`(() => {
          const holder = document.querySelector('.sysdesign-fence.drawn');
          holder.setAttribute('data-sysdesign-source', 'system s { service only }');
          window.dispatchEvent(new Event('vscode.markdown.updateContent'));
        })()`);
        await page.waitForFunction(`document.querySelectorAll('.sysdesign-fence.drawn svg g.node').length === 1`);

        assert.deepEqual(requests, [], 'the preview script requests nothing');
        assert.deepEqual(errors, []);
        fs.mkdirSync(ARTIFACTS, { recursive: true });
        // Back to the full design for the picture.
        await page.evaluate(`(() => {
          const holder = document.querySelector('.sysdesign-fence.drawn');
          holder.setAttribute('data-sysdesign-source', ${JSON.stringify(DESIGN)});
          window.dispatchEvent(new Event('vscode.markdown.updateContent'));
        })()`);
        await page.waitForFunction(`document.querySelectorAll('.sysdesign-fence.drawn svg g.node').length === 4`);
        await page.screenshot({ path: path.join(ARTIFACTS, `preview-${theme}.png`), fullPage: true });
      } finally {
        await page.context().close();
      }
    });
  }
});
