// Loads the real preview page (client/src/preview/html.ts with the built
// dist/webview/main.js and preview.css) in headless Chromium through
// playwright-core, served over local HTTP under the same Content-Security-
// Policy the extension uses, with a stub acquireVsCodeApi that records every
// message the page posts. The body class and the --vscode-* variables that VS
// Code injects are emulated for a light, a dark and a high contrast theme.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import type { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import assert from 'node:assert/strict';
import { after, before } from 'node:test';
import { analyze } from '../../src/analyze';
import { buildGraph } from '../../src/diagram/graph';
import { layoutGraph } from '../../src/diagram/layout';
import { repoRoot } from '../helpers/repo';
import { needsTool, requireTool } from '../helpers/tools';
import { badgesFor } from '../../src/lsp/diagram';
import type { DiagramResult, FromWebviewMessage, PreviewState, ToWebviewMessage } from '../../src/protocol';

export const CHROMIUM = process.env.SYSDESIGN_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = path.join(repoRoot, '.e2e-artifacts', 'preview');
const HAS_CHROMIUM = fs.existsSync(CHROMIUM);
const NO_CHROMIUM = `no Chromium at ${CHROMIUM} (bash scripts/e2e/install-tools.sh or apt-get install chromium, or set SYSDESIGN_CHROMIUM)`;
/** A browser suite's options: skipped without Chromium on a developer's machine, never in CI (tools.ts). */
export const NEEDS_CHROMIUM = needsTool(HAS_CHROMIUM, NO_CHROMIUM);

export type DrawingMessage = Extract<ToWebviewMessage, { type: 'drawing' }>;

/** The message the extension would post for `text`: the core's drawing of one system, with badges. */
export async function drawingMessage(text: string, fileName: string, options: { system?: string; version?: number } = {}): Promise<DrawingMessage> {
  const analysis = analyze(text);
  const system = analysis.systems.find((s) => s.name === options.system) ?? analysis.systems[0];
  assert.ok(system, `${fileName} declares a system`);
  const drawing = await layoutGraph(buildGraph(system));
  const version = options.version ?? 1;
  const result: DiagramResult = {
    uri: `file:///w/${fileName}`,
    version,
    drawnVersion: version,
    systems: analysis.systems.map((s) => (s.title && s.title !== s.name ? { name: s.name, title: s.title } : { name: s.name })),
    system: system.name,
    drawing,
    badges: badgesFor(drawing, analysis),
    stale: false,
    layout: 'full',
  };
  return { type: 'drawing', fileName, ...result };
}

export type Theme = 'light' | 'dark' | 'hc';

interface PageModule {
  previewHtml(o: { cspSource: string; scriptUri: string; styleUri: string; nonce: string; state: PreviewState }): string;
  newNonce(): string;
}

/** The extension's page builder: compiled next to the compiled tests, or the source under tsx. */
export function pageModule(): PageModule {
  const compiled = path.join(repoRoot, 'out', 'client', 'src', 'preview', 'html.js');
  const source = path.join(repoRoot, 'client', 'src', 'preview', 'html.ts');
  const file = __filename.endsWith('.ts') || !fs.existsSync(compiled) ? source : compiled;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as PageModule;
}

function newest(dir: string, filter: (f: string) => boolean): number {
  let t = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) t = Math.max(t, newest(full, filter));
    else if (filter(entry.name)) t = Math.max(t, fs.statSync(full).mtimeMs);
  }
  return t;
}

/** Builds dist/webview when it is missing or older than its sources. */
export function ensureWebviewBuilt(): void {
  const built = ['main.js', 'preview.css'].map((f) => path.join(repoRoot, 'dist', 'webview', f));
  const sources = Math.max(
    newest(path.join(repoRoot, 'client', 'webview'), (f) => /\.(ts|css)$/.test(f)),
    newest(path.join(repoRoot, 'server', 'src', 'diagram'), (f) => f.endsWith('.ts')),
  );
  if (built.every((f) => fs.existsSync(f) && fs.statSync(f).mtimeMs >= sources)) return;
  const run = spawnSync(process.execPath, [path.join(repoRoot, 'esbuild.mjs')], { cwd: repoRoot, encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`node esbuild.mjs failed:\n${run.stdout}\n${run.stderr}`);
}

const THEMES: Record<Theme, { bodyClass: string; vars: Record<string, string> }> = {
  // VS Code's Light Modern.
  light: {
    bodyClass: 'vscode-light',
    vars: {
      'editor-background': '#ffffff',
      'editor-foreground': '#3b3b3b',
      foreground: '#3b3b3b',
      descriptionForeground: '#3b3b3b',
      focusBorder: '#005fb8',
      'editorError-foreground': '#e51400',
      'editorWarning-foreground': '#bf8803',
      'editorInfo-foreground': '#1a85ff',
      'button-secondaryBackground': '#e5e5e5',
      'button-secondaryForeground': '#3b3b3b',
      'panel-border': '#e5e5e5',
      'dropdown-background': '#ffffff',
      'dropdown-foreground': '#3b3b3b',
      'dropdown-border': '#cecece',
      'inputValidation-warningBackground': '#f6f5d2',
      'inputValidation-warningBorder': '#b89500',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
    },
  },
  // VS Code's Dark Modern.
  dark: {
    bodyClass: 'vscode-dark',
    vars: {
      'editor-background': '#1f1f1f',
      'editor-foreground': '#cccccc',
      foreground: '#cccccc',
      descriptionForeground: '#9d9d9d',
      focusBorder: '#0078d4',
      'editorError-foreground': '#f85149',
      'editorWarning-foreground': '#cca700',
      'editorInfo-foreground': '#3794ff',
      'button-secondaryBackground': '#313131',
      'button-secondaryForeground': '#cccccc',
      'panel-border': '#2b2b2b',
      'dropdown-background': '#313131',
      'dropdown-foreground': '#cccccc',
      'dropdown-border': '#3c3c3c',
      'inputValidation-warningBackground': '#352a05',
      'inputValidation-warningBorder': '#b89500',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
    },
  },
  // VS Code's Dark High Contrast.
  hc: {
    bodyClass: 'vscode-high-contrast',
    vars: {
      'editor-background': '#000000',
      'editor-foreground': '#ffffff',
      foreground: '#ffffff',
      descriptionForeground: '#ffffff',
      focusBorder: '#f38518',
      contrastBorder: '#6fc3df',
      contrastActiveBorder: '#f38518',
      'editorError-foreground': '#f48771',
      'editorWarning-foreground': '#ffd370',
      'editorInfo-foreground': '#3794ff',
      'button-border': '#6fc3df',
      'font-family': 'system-ui, "Ubuntu", "Droid Sans", sans-serif',
      'font-size': '13px',
    },
  },
};

export interface PreviewPage {
  page: Page;
  /** Messages the page posted to the (stub) extension, in order. */
  posted(): Promise<FromWebviewMessage[]>;
  send(message: ToWebviewMessage): Promise<void>;
  /** Sends a drawing and waits for the page's `rendered` answer. */
  draw(message: DrawingMessage): Promise<Extract<FromWebviewMessage, { type: 'rendered' }>>;
  /**
   * Resolves once the page has rendered two more frames: a resize observer
   * has run by then (it runs in the frame after the layout changed), however
   * slow the machine. A fixed wait was not enough on a loaded CI machine.
   */
  frames(): Promise<void>;
  /** CSP violations and page errors seen so far. */
  problems(): Promise<string[]>;
  close(): Promise<void>;
}

export class PreviewBrowser {
  private constructor(
    private readonly context: BrowserContext,
    private readonly server: http.Server,
    private readonly origin: string,
    private readonly userDataDir: string,
  ) {}

  static async launch(): Promise<PreviewBrowser> {
    ensureWebviewBuilt();
    const { previewHtml, newNonce } = pageModule();
    const dist = path.join(repoRoot, 'dist', 'webview');
    let origin = '';
    const server = http.createServer((req, res) => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const send = (status: number, type: string, body: string | Buffer): void => {
        res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
        res.end(body);
      };
      const theme = /^\/page\/(light|dark|hc)$/.exec(url.pathname)?.[1] as Theme | undefined;
      if (theme) {
        const state = JSON.parse(url.searchParams.get('state') ?? '{}') as PreviewState;
        const html = previewHtml({
          cspSource: origin,
          scriptUri: `${origin}/webview/main.js`,
          styleUri: `${origin}/webview/preview.css`,
          nonce: newNonce(),
          state,
        })
          // What VS Code adds to every webview: the theme's class and colour variables.
          .replace('<body>', `<body class="${THEMES[theme].bodyClass}">`)
          .replace('</head>', `<link rel="stylesheet" href="${origin}/theme/${theme}.css">\n</head>`);
        return send(200, 'text/html; charset=utf-8', html);
      }
      const themeCss = /^\/theme\/(light|dark|hc)\.css$/.exec(url.pathname)?.[1] as Theme | undefined;
      if (themeCss) {
        const vars = Object.entries(THEMES[themeCss].vars).map(([k, v]) => `  --vscode-${k}: ${v};`);
        return send(200, 'text/css', `:root {\n${vars.join('\n')}\n}\n`);
      }
      const asset = /^\/webview\/(main\.js|preview\.css)$/.exec(url.pathname)?.[1];
      if (asset) return send(200, asset.endsWith('.js') ? 'text/javascript' : 'text/css', fs.readFileSync(path.join(dist, asset)));
      if (url.pathname === '/favicon.ico') return send(204, 'image/x-icon', '');
      send(404, 'text/plain', 'not found');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-preview-chromium-'));
    const context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: CHROMIUM,
      headless: true,
      viewport: { width: 1200, height: 760 },
      deviceScaleFactor: 1,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    return new PreviewBrowser(context, server, origin, userDataDir);
  }

  async open(theme: Theme, state: PreviewState = {}): Promise<PreviewPage> {
    const page = await this.context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (err) => errors.push(`page error: ${err.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`console: ${m.text()}`);
    });
    // A string, not a function: under tsx a function's source carries esbuild's
    // `__name(…)` helper calls, which do not exist in the page.
    await page.addInitScript({
      content: `(() => {
        const posted = [];
        let state;
        window.__posted = posted;
        window.__csp = [];
        window.__xss = 0;
        window.acquireVsCodeApi = () => ({
          postMessage: (m) => posted.push(JSON.parse(JSON.stringify(m))),
          getState: () => state,
          setState: (s) => { state = s; },
        });
        document.addEventListener('securitypolicyviolation', (e) => {
          window.__csp.push(e.violatedDirective + ' ' + e.blockedURI);
        });
      })();`,
    });
    await page.goto(`${this.origin}/page/${theme}?state=${encodeURIComponent(JSON.stringify(state))}`);
    await poll(page, 'window.__posted.some((m) => m.type === "ready")').catch(async (err: Error) => {
      const csp = (await page.evaluate('window.__csp').catch(() => [])) as string[];
      throw new Error(`${err.message} (${[...csp.map((c) => `CSP violation: ${c}`), ...errors].join('; ') || 'no page error'})`);
    });
    const posted = (): Promise<FromWebviewMessage[]> => page.evaluate('window.__posted') as Promise<FromWebviewMessage[]>;
    // window.postMessage dispatches later, in a task of its own. A listener added
    // here runs after the page's own (registered first) and its synchronous
    // handling, so `send` resolves only once the page has handled the message.
    const send = async (message: ToWebviewMessage): Promise<void> => {
      await page.evaluate(
        (m) =>
          new Promise<void>((resolve) => {
            const w = globalThis as unknown as { postMessage(m: unknown, o: string): void; addEventListener(t: string, f: () => void, o: { once: boolean }): void };
            w.addEventListener('message', () => resolve(), { once: true });
            w.postMessage(m, '*');
          }),
        message,
      );
    };
    return {
      page,
      posted,
      send,
      async draw(message) {
        const before = (await posted()).filter((m) => m.type === 'rendered').length;
        await send(message);
        await poll(page, `window.__posted.filter((m) => m.type === "rendered").length > ${before}`, 20_000);
        const rendered = (await posted()).filter((m) => m.type === 'rendered');
        return rendered[rendered.length - 1] as Extract<FromWebviewMessage, { type: 'rendered' }>;
      },
      async frames() {
        await page.evaluate(() => new Promise<void>((resolve) => {
          const g = globalThis as unknown as { requestAnimationFrame(f: () => void): void };
          g.requestAnimationFrame(() => g.requestAnimationFrame(() => resolve()));
        }));
      },
      async problems() {
        const csp = (await page.evaluate('window.__csp')) as string[];
        return [...csp.map((c) => `CSP violation: ${c}`), ...errors];
      },
      close: () => page.close(),
    };
  }

  async close(): Promise<void> {
    await this.context.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
    fs.rmSync(this.userDataDir, { recursive: true, force: true });
  }
}

/**
 * One browser for the enclosing `describe`: launched before its tests, closed
 * after them. Call inside the suite; the result opens pages in it.
 */
export function browserForSuite(): { open: PreviewBrowser['open'] } {
  let browser: PreviewBrowser | undefined;
  before(async () => {
    requireTool(HAS_CHROMIUM, NO_CHROMIUM);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    browser = await PreviewBrowser.launch();
  });
  after(async () => {
    await browser?.close();
  });
  return { open: (theme, state) => browser!.open(theme, state) };
}

/**
 * Waits until `expression` is truthy in the page. Polls with page.evaluate
 * (DevTools' Runtime.evaluate, which the page's CSP does not govern) rather
 * than waitForFunction, whose in-page evaluation of a string needs
 * 'unsafe-eval', which the preview's CSP rightly forbids.
 */
async function poll(page: Page, expression: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await page.evaluate(expression)) return;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${expression}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}
