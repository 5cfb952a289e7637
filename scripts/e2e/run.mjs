#!/usr/bin/env node
// Runs a VS Code extension's integration tests (the @vscode/test-electron
// format: a module exporting run(): Promise<void>) and/or UI checks inside a
// real VS Code (code-server) driven by headless Debian chromium.
// See scripts/e2e/README.md. Runs on the machine's Node 20; code-server itself
// runs on the Node 24 installed by scripts/e2e/install-tools.sh.
//
//   node scripts/e2e/run.mjs --extension-path <dir> [--tests <abs index.js>]
//        [--workspace <dir>] [--vsix <file>] [--ui <script.mjs>]
//        [--screenshots <dir>] [--timeout <s>] [--verbose] [--keep-temp]
//
// Once started (arguments valid), always ends with a line `N passed, N failed`
// and exits 0 only if all passed (124 timeout, 130/143 signals, 2 usage error).

import { spawn, spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import util from 'node:util';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '..', '..');
const t0 = Date.now();
const elapsed = () => ((Date.now() - t0) / 1000).toFixed(1) + 's';
const say = (...a) => console.log(`[e2e ${elapsed()}]`, ...a);

// ------------------------------------------------------------------ args --
const USAGE = `usage: node scripts/e2e/run.mjs --extension-path <dir> [--tests <abs path to index.js>]
       [--workspace <dir>] [--ui-workspace <dir>] [--vsix <file>] [--ui <script.mjs>] [--screenshots <dir>]
       [--timeout <seconds, default 300>] [--verbose] [--keep-temp] [--no-install]`;
function parseArgs(argv) {
  const o = { timeout: 300, verbose: false, keepTemp: false, install: true };
  const take = (i) => {
    if (i + 1 >= argv.length) die(`missing value for ${argv[i]}\n${USAGE}`);
    return argv[i + 1];
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const [k, inline] = a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
    const val = () => (inline !== undefined ? inline : take(i++));
    switch (k) {
      case '--extension-path': o.extensionPath = path.resolve(val()); break;
      case '--tests': o.tests = path.resolve(val()); break;
      case '--workspace': o.workspace = path.resolve(val()); break;
      case '--ui-workspace': o.uiWorkspace = path.resolve(val()); break;
      case '--vsix': o.vsix = path.resolve(val()); break;
      case '--ui': o.ui = path.resolve(val()); break;
      case '--screenshots': o.screenshots = path.resolve(val()); break;
      case '--timeout': o.timeout = Number(val()); break;
      case '--verbose': o.verbose = true; break;
      case '--keep-temp': o.keepTemp = true; break;
      case '--no-install': o.install = false; break;
      case '-h': case '--help': console.log(USAGE); process.exit(0);
      default: die(`unknown argument ${a}\n${USAGE}`);
    }
  }
  if (!o.extensionPath && !o.vsix) die(`--extension-path or --vsix is required\n${USAGE}`);
  if (!o.tests && !o.ui) die(`nothing to do: give --tests and/or --ui\n${USAGE}`);
  for (const [name, p] of [['--extension-path', o.extensionPath], ['--tests', o.tests], ['--workspace', o.workspace], ['--ui-workspace', o.uiWorkspace], ['--vsix', o.vsix], ['--ui', o.ui]]) {
    if (p && !fs.existsSync(p)) die(`${name}: ${p} does not exist`);
  }
  if (!(o.timeout > 0)) die('--timeout must be a positive number of seconds');
  o.screenshots ??= path.join(repoRoot, '.e2e-artifacts');
  return o;
}
function die(msg, code = 2) {
  console.error(`[e2e] ${msg}`);
  process.exit(code);
}
const opts = parseArgs(process.argv.slice(2));

// ----------------------------------------------------------------- state --
const counts = { passed: 0, failed: 0, pending: 0, source: null };
let server = null;          // code-server ChildProcess (process-group leader)
let browser = null;
let tmpRoot = null;
let cleaningUp = null;
let serverLogFd = null;
const artifacts = opts.screenshots;
fs.mkdirSync(artifacts, { recursive: true });

function killServerGroupSync(sig = 'SIGKILL') {
  // Even if code-server itself is gone, members of its group (extension host)
  // may not be: always signal the group.
  if (server && server.pid) {
    try { process.kill(-server.pid, sig); } catch { /* group gone */ }
  }
}
// Last resort if we die without going through cleanup().
process.on('exit', () => {
  killServerGroupSync('SIGKILL');
  if (tmpRoot && !opts.keepTemp) { try { fs.rmSync(tmpRoot, { recursive: true, force: true }); } catch { } }
});

async function cleanup() {
  if (cleaningUp) return cleaningUp;
  cleaningUp = (async () => {
    if (browser) {
      const b = browser; browser = null;
      await Promise.race([b.close().catch(() => { }), sleep(5000)]);
    }
    if (server && server.pid) {
      if (server.exitCode === null && server.signalCode === null) {
        const exited = new Promise((r) => server.once('exit', r));
        try { process.kill(-server.pid, 'SIGTERM'); } catch { }
        await Promise.race([exited, sleep(3000)]);
      }
      // The whole group: the extension host and other children linger otherwise.
      try { process.kill(-server.pid, 'SIGKILL'); } catch { }
      server = null;
    }
    if (serverLogFd !== null) { try { fs.closeSync(serverLogFd); } catch { } serverLogFd = null; }
    if (tmpRoot && !opts.keepTemp) {
      try { fs.rmSync(tmpRoot, { recursive: true, force: true }); } catch { }
    } else if (tmpRoot) say(`kept temp dir ${tmpRoot}`);
  })();
  return cleaningUp;
}

function printSummary() {
  const skipped = counts.pending ? `, ${counts.pending} skipped` : '';
  console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
}

let finished = false;
async function finish(code, why) {
  if (finished) return;
  finished = true;
  clearTimeout(overallTimer);
  if (why) say(why);
  await cleanup();
  if (code !== 0 && counts.failed === 0) counts.failed = 1; // never report green on a failure
  say(`done (exit ${code})`);
  printSummary();
  process.exit(code);
}

for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(sig, () => { finish(sig === 'SIGINT' ? 130 : 143, `received ${sig}, cleaning up`); });
}
const overallTimer = setTimeout(async () => {
  say(`TIMEOUT after ${opts.timeout}s`);
  await failureScreenshot('timeout');
  finish(124);
}, opts.timeout * 1000);

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
let currentPage = null;
async function failureScreenshot(label) {
  if (!currentPage) return;
  const file = path.join(artifacts, `failure-${label}-${stamp()}.png`);
  try {
    await currentPage.screenshot({ path: file, timeout: 10000 });
    say(`screenshot: ${file}`);
  } catch (e) { say(`(could not take failure screenshot: ${e.message.split('\n')[0]})`); }
}
function stamp() { return new Date().toISOString().replace(/[:.]/g, '-'); }

// ---------------------------------------------------------------- tools --
function loadTools() {
  const cache = process.env.SYSDESIGN_TOOLS_DIR || path.join(os.homedir(), '.cache', 'sysdesign-e2e');
  if (opts.install) {
    const r = spawnSync('bash', [path.join(here, 'install-tools.sh')], {
      stdio: ['ignore', 'pipe', 'inherit'], encoding: 'utf8', env: { ...process.env, SYSDESIGN_E2E_QUIET: '1' },
    });
    if (r.status !== 0) throw new Error(`install-tools.sh failed (exit ${r.status})`);
    if (opts.verbose) process.stdout.write(r.stdout);
  }
  const file = path.join(cache, 'tools.json');
  if (!fs.existsSync(file)) throw new Error(`${file} missing: run scripts/e2e/install-tools.sh`);
  const tools = JSON.parse(fs.readFileSync(file, 'utf8'));
  for (const k of ['node24', 'codeServerEntry', 'chromium']) {
    if (!fs.existsSync(tools[k])) throw new Error(`${k} ${tools[k]} missing: run scripts/e2e/install-tools.sh`);
  }
  return tools;
}

function freePort() {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.unref();
    s.on('error', reject);
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
  });
}

function isolatedEnv(root) {
  const dirs = {
    HOME: path.join(root, 'home'),
    XDG_CONFIG_HOME: path.join(root, 'xdg', 'config'),
    XDG_DATA_HOME: path.join(root, 'xdg', 'data'),
    XDG_CACHE_HOME: path.join(root, 'xdg', 'cache'),
    XDG_STATE_HOME: path.join(root, 'xdg', 'state'),
    XDG_RUNTIME_DIR: path.join(root, 'xdg', 'runtime'),
    TMPDIR: path.join(root, 'tmp'),
  };
  for (const d of Object.values(dirs)) fs.mkdirSync(d, { recursive: true, mode: 0o700 });
  const env = { ...process.env, ...dirs };
  // Don't leak the runner's/npm's config or a parent VS Code into the server.
  for (const k of Object.keys(env)) {
    if (/^(npm_|NODE_OPTIONS$|VSCODE_|ELECTRON_)/i.test(k)) delete env[k];
  }
  return env;
}

// User settings: a quiet, deterministic workbench (no start page, trust prompt,
// telemetry or update checks).
const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  // The extension contributes a walkthrough; it must not open over the editors under test.
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'security.workspace.trust.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoCheckUpdates': false,
  'extensions.autoUpdate': false,
  'workbench.enableExperiments': false,
  'chat.disableAIFeatures': true,
  'workbench.secondarySideBar.defaultVisibility': 'hidden',
  'workbench.tips.enabled': false,
  'extensions.ignoreRecommendations': true,
  'git.enabled': false,
  // Never write edits made during a run (quick fixes, typing) back to the files on disk.
  'files.autoSave': 'off',
  'files.hotExit': 'off',
};

function installVsix(tools, env, userDataDir, extensionsDir) {
  say(`installing ${opts.vsix}`);
  const r = spawnSync(tools.node24, [tools.codeServerEntry,
    '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
    '--config', path.join(tmpRoot, 'config.yaml'),
    '--install-extension', opts.vsix, '--force'], { env, encoding: 'utf8', timeout: 120000 });
  const out = (r.stdout || '') + (r.stderr || '');
  if (opts.verbose || r.status !== 0) process.stdout.write(out);
  if (r.status !== 0) throw new Error(`--install-extension failed (exit ${r.status})`);
  const installed = fs.readdirSync(extensionsDir).filter((d) => !d.startsWith('.') && d !== 'extensions.json');
  if (!installed.length) throw new Error(`--install-extension reported success but ${extensionsDir} is empty:\n${out}`);
  say(`installed: ${installed.join(', ')}`);
  return installed;
}

async function startServer(tools, env, userDataDir, extensionsDir) {
  const logFile = path.join(artifacts, 'code-server.log');
  for (let attempt = 1; attempt <= 3; attempt++) {
    const port = await freePort();
    serverLogFd = fs.openSync(logFile, attempt === 1 ? 'w' : 'a');
    const args = [tools.codeServerEntry,
      '--bind-addr', `127.0.0.1:${port}`, '--auth', 'none',
      '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--user-data-dir', userDataDir, '--extensions-dir', extensionsDir,
      '--config', path.join(tmpRoot, 'config.yaml'),
      // Without this the built workbench ignores the test payload and hangs.
      '--vscode-option', 'enable-smoke-test-driver'];
    server = spawn(tools.node24, args, { env, detached: true, stdio: ['ignore', serverLogFd, serverLogFd] });
    const exited = new Promise((r) => server.once('exit', (code, sig) => r({ code, sig })));
    const base = `http://127.0.0.1:${port}`;
    const deadline = Date.now() + 60000;
    let up = false, gone = null;
    while (Date.now() < deadline) {
      gone = await Promise.race([exited, sleep(250).then(() => null)]);
      if (gone) break;
      try {
        const res = await fetch(`${base}/healthz`, { signal: AbortSignal.timeout(2000) });
        if (res.ok) { up = true; break; }
      } catch { /* not yet */ }
    }
    if (up) {
      server.on('exit', (code, sig) => {
        if (!finished) { say(`code-server exited unexpectedly (code ${code}, signal ${sig}); log: ${logFile}`); finish(1); }
      });
      say(`code-server ${tools.codeServerVersion} listening on ${base} (pid ${server.pid}, log ${logFile})`);
      return { port, base };
    }
    const log = fs.readFileSync(logFile, 'utf8');
    killServerGroupSync();
    server = null;
    if (gone && /EADDRINUSE/.test(log) && attempt < 3) { say(`port ${port} taken, retrying`); continue; }
    throw new Error(`code-server did not come up (${gone ? `exited ${JSON.stringify(gone)}` : 'timeout'}); log tail:\n${log.slice(-3000)}`);
  }
}

// --------------------------------------------------------------- browser --
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
  '--disable-dev-shm-usage'];

async function launchBrowser(tools, env) {
  const require = createRequire(path.join(repoRoot, 'package.json'));
  const { chromium } = require('playwright-core');
  browser = await chromium.launch({
    executablePath: tools.chromium, headless: true, args: CHROMIUM_ARGS, env,
    handleSIGINT: false, handleSIGTERM: false, handleSIGHUP: false, timeout: 60000,
  });
  return browser;
}

const ANSI = /\x1b\[[0-9;]*[A-Za-z]/g;
// Parse test counts from forwarded extension-host output (mocha's reporters,
// or a plain "N passed, N failed" line printed by the test index).
function scanForCounts(text, acc) {
  for (const raw of text.split('\n')) {
    const line = raw.replace(ANSI, '');
    let m;
    if ((m = /^\s*(\d+) passing\b/.exec(line))) { acc.passed = +m[1]; acc.seen = true; }
    else if ((m = /^\s*(\d+) failing\b/.exec(line))) { acc.failed = +m[1]; acc.seen = true; }
    else if ((m = /^\s*(\d+) pending\b/.exec(line))) { acc.pending = +m[1]; }
    else if ((m = /^(?:\w+:\s*)?(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/.exec(line))) {
      acc.plain = { passed: +m[1], failed: +m[2], pending: +(m[3] || 0) };
    }
  }
}

// Known harmless workbench chatter (it shares the "%c INFO" channel with the
// extension host's console during tests); shown only with --verbose.
const NOISE = [
  /open-vsx\.org|ENOTFOUND|^\{"name":"Failed"\}$|^Failed$/,
  /^Resolv(ing|ed) connection token|^Creating a socket|^\[reconnection-grace-time\]/,
  /^\[(AccountPolicyGate|AgentHost[^\]]*|Service Worker|lifecycle)\]/,
  /^Updating additional builtin extensions cache/,
  /vsda|authentication provider 'github'|github-authentication/i,
  /^\[(RemoteAgentHostProtocol|AgentHost)|^Creation of workbench contribution/,
  /\(Canceled: Canceled\)|^Canceled: Canceled|^\[DefaultAccount\]/,
];

// Wire console forwarding: the extension host's console reaches the page
// console as console.log('%c INFO', '<css>', fmt, ...args) while extension
// tests run (and as '%c[Extension Host]', '<css>', ... otherwise): drop the
// first two arguments and format the rest like Node's console does.
function forwardConsole(page, onText) {
  let chain = Promise.resolve();
  const state = { quiet: false }; // set once the run is over (shutdown chatter)
  page.on('console', (msg) => {
    if (state.quiet && !opts.verbose) return;
    chain = chain.then(async () => {
      const args = msg.args();
      let first = '';
      try { first = args.length ? String(await args[0].jsonValue()) : ''; } catch { }
      if (process.env.SYSDESIGN_E2E_RAW_CONSOLE) {
        const raw = [];
        for (const a of args) { try { raw.push(await a.jsonValue()); } catch { raw.push('?'); } }
        process.stdout.write(`[raw ${msg.type()}] ${JSON.stringify(raw).slice(0, 1000)}\n`);
      }
      const m = /^%c\s*(INFO|WARN|ERR|ERROR|DEBUG|TRACE|\[Extension Host\])/i.exec(first);
      if (m) {
        // '%c INFO', css, fmt, ...args            (log service; during tests)
        // '%c[Extension Host] %c<text>', css, css, ...args   (UI mode)
        const cssArgs = (first.match(/%c/g) || []).length;
        const vals = [];
        for (const a of args.slice(1 + cssArgs)) {
          try { vals.push(await a.jsonValue()); } catch { vals.push(String(a)); }
        }
        const head = first.replace(/%c/g, '').trim();
        const label = m[1].toUpperCase();
        const text = label === '[EXTENSION HOST]'
          ? util.format(head.replace(/^\[Extension Host\]\s?/i, ''), ...vals)
          : util.format(...vals);
        if (!opts.verbose && NOISE.some((re) => re.test(text))) return;
        const prefix = label === 'ERR' || label === 'ERROR' ? '[ERR] ' : label === 'WARN' ? '[WARN] ' : '';
        process.stdout.write(prefix + (text.endsWith('\n') ? text : text + '\n'));
        onText(text);
      } else if (opts.verbose) {
        process.stdout.write(`[page ${msg.type()}] ${msg.text()}\n`);
      }
    }).catch(() => { });
  });
  return { flush: () => chain, quiet: () => { state.quiet = true; } };
}

function remoteUri(port, p) {
  // vscode-remote://127.0.0.1:PORT/abs/path  (each segment URI-encoded)
  return `vscode-remote://127.0.0.1:${port}${p.split(path.sep).map(encodeURIComponent).join('/')}`;
}

function workbenchUrl(base, port, workspace, { devPath, testsPath }) {
  const payload = [];
  if (devPath) payload.push(['extensionDevelopmentPath', remoteUri(port, devPath)]);
  if (testsPath) payload.push(['extensionTestsPath', remoteUri(port, testsPath)]);
  payload.push(['skipWelcome', 'true'], ['skipReleaseNotes', 'true']);
  const q = new URLSearchParams();
  q.set('folder', workspace);
  q.set('payload', JSON.stringify(payload));
  return `${base}/?${q.toString()}`;
}

// ------------------------------------------------------------------ phases --
async function runTests(ctx) {
  const { port, base, workspace, devPath } = ctx;
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  currentPage = page;
  const acc = { passed: 0, failed: 0, pending: 0, seen: false, plain: null };
  const fwd = forwardConsole(page, (t) => scanForCounts(t, acc));
  let resolveExit;
  const exitCode = new Promise((r) => { resolveExit = r; });
  await page.exposeFunction('codeAutomationExit', (code) => { resolveExit(Number(code) || 0); });
  // Note: do NOT also expose `codeAutomationLog`: with the smoke-test driver
  // the workbench then sends every log line there too (duplicated output).
  page.on('pageerror', (e) => { if (opts.verbose) say(`[pageerror] ${e.message}`); });
  page.on('crash', () => { say('tests: the page crashed'); resolveExit(1); });
  const url = workbenchUrl(base, port, workspace, { devPath, testsPath: opts.tests });
  say(`tests: opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  const code = await exitCode;
  await Promise.race([fwd.flush(), sleep(2000)]);
  fwd.quiet();
  say(`tests: extension host reported exit code ${code}`);
  if (code !== 0) await failureScreenshot('tests');
  let p = 0, f = 0, s = 0;
  if (acc.seen) { p = acc.passed; f = acc.failed; s = acc.pending; counts.source = 'mocha'; }
  else if (acc.plain) { p = acc.plain.passed; f = acc.plain.failed; s = acc.plain.pending; counts.source = 'index'; }
  else if (code === 0) say('tests: WARNING: no mocha summary seen in extension host output');
  if (code !== 0 && f === 0) f = 1;
  counts.passed += p; counts.failed += f; counts.pending += s;
  await context.close().catch(() => { });
  currentPage = null;
  return code;
}

async function runUi(ctx) {
  const { port, base, workspace, devPath } = ctx;
  const mod = await import(pathToFileURL(opts.ui).href);
  const ui = mod.ui || mod.default;
  if (typeof ui !== 'function') throw new Error(`${opts.ui} must export async function ui(page, ctx)`);
  const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
  const page = await context.newPage();
  currentPage = page;
  const fwd = forwardConsole(page, () => { });
  let passed = 0, failed = 0, skipped = 0;
  const uiCtx = {
    port, baseUrl: base, workspace, extensionPath: devPath ?? null, installed: ctx.installed ?? [],
    // vsix mode: where the .vsix was installed (the extension under test is <extensionsDir>/<installed[i]>)
    extensionsDir: ctx.extensionsDir ?? null,
    // The folder of the extension under test: the installed copy (vsix mode) or --extension-path.
    extensionUnderTest: ctx.extensionUnderTest ?? devPath ?? null,
    screenshotsDir: artifacts,
    log: (...a) => say('[ui]', ...a),
    async screenshot(name, options = {}) {
      const file = path.join(artifacts, name.endsWith('.png') ? name : `${name}.png`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, ...options });
      say(`[ui] screenshot: ${file}`);
      return file;
    },
    // Notification toasts are NOT shown while the smoke-test driver is on (the
    // workbench suppresses them), so read notifications from the
    // Notifications Center: opens it (if closed) and waits for a matching item.
    async waitForNotification(match, { timeout = 20000 } = {}) {
      const center = page.locator('.notifications-center');
      const item = center.locator('.notification-list-item').filter({ hasText: match }).first();
      const deadline = Date.now() + timeout;
      while (true) {
        if (!(await center.isVisible().catch(() => false))) {
          await page.locator('[id="status.notifications"]').click().catch(() => { });
        }
        try {
          await item.waitFor({ state: 'visible', timeout: Math.min(2000, Math.max(1, deadline - Date.now())) });
          return (await item.innerText()).trim();
        } catch (e) {
          if (Date.now() >= deadline) throw new Error(`no notification matching ${match} within ${timeout}ms`);
        }
      }
    },
    // Run a command through the command palette (F1), by its title.
    async runCommand(title, { timeout = 10000 } = {}) {
      await page.keyboard.press('F1');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout });
      await input.fill(`>${title}`);
      await page.locator('.quick-input-list .monaco-list-row').filter({ hasText: title }).first().waitFor({ timeout });
      await page.keyboard.press('Enter');
      await input.waitFor({ state: 'hidden', timeout });
    },
    // Record a check that cannot run here, with the reason (counted as skipped, never as passed).
    skip(name, reason) {
      skipped++;
      say(`[ui] skip - ${name}: ${reason}`);
    },
    // Record a named check; a failing check takes a screenshot and the run goes on.
    async check(name, fn) {
      try {
        await fn();
        passed++;
        say(`[ui] ok   - ${name}`);
      } catch (e) {
        failed++;
        say(`[ui] FAIL - ${name}: ${e.message.split('\n').slice(0, 6).join('\n    ')}`);
        await failureScreenshot(`ui-${name.replace(/[^\w.-]+/g, '_').slice(0, 60)}`);
      }
    },
  };
  const url = workbenchUrl(base, port, workspace, { devPath });
  say(`ui: opening ${url}`);
  await page.goto(url, { waitUntil: 'domcontentloaded', timeout: 60000 });
  try {
    await ui(page, uiCtx);
    if (passed === 0 && failed === 0 && skipped === 0) passed = 1; // ui() itself was the one check
  } catch (e) {
    failed++;
    say(`[ui] FAIL - ui() threw: ${e.stack || e.message}`);
    await failureScreenshot('ui');
  }
  await Promise.race([fwd.flush(), sleep(1000)]);
  fwd.quiet();
  counts.passed += passed; counts.failed += failed; counts.pending += skipped;
  await context.close().catch(() => { });
  currentPage = null;
  return failed ? 1 : 0;
}

// The UI phase opens a workspace on the same server: if it is the tests'
// workspace, the workbench may restore the editors the tests left open (and
// their unsaved buffers). Give the UI phase its own folder (--ui-workspace)
// to be sure; this only drops what the server keeps.
function forgetWindowState(userDataDir) {
  for (const d of [path.join(userDataDir, 'User', 'workspaceStorage'), path.join(userDataDir, 'Backups')]) {
    try { fs.rmSync(d, { recursive: true, force: true }); } catch { }
  }
}

function writeStubExtension(dir) {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({
    name: 'e2e-dev-stub', publisher: 'sysdesign-e2e', version: '0.0.0',
    displayName: 'e2e harness stub (makes this an extension-development window)',
    engines: { vscode: '*' },
  }, null, 2));
  return dir;
}

// -------------------------------------------------------------------- main --
async function main() {
  const tools = loadTools();
  say(`tools: node24 ${tools.node24}, code-server ${tools.codeServerVersion}, ${tools.chromium}`);
  tmpRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-e2e-'));
  const env = isolatedEnv(tmpRoot);
  // Playwright's own temp profile goes under our temp root too.
  process.env.TMPDIR = env.TMPDIR;
  const userDataDir = path.join(tmpRoot, 'user-data');
  const extensionsDir = path.join(tmpRoot, 'extensions');
  fs.mkdirSync(path.join(userDataDir, 'User'), { recursive: true });
  fs.mkdirSync(extensionsDir, { recursive: true });
  fs.writeFileSync(path.join(userDataDir, 'User', 'settings.json'), JSON.stringify(USER_SETTINGS, null, 2));
  fs.writeFileSync(path.join(tmpRoot, 'config.yaml'), 'auth: none\ncert: false\n');
  let workspace = opts.workspace;
  if (!workspace) { workspace = path.join(tmpRoot, 'workspace'); fs.mkdirSync(workspace); }

  let installed;
  let devPath = opts.extensionPath;
  if (opts.vsix) {
    installed = installVsix(tools, env, userDataDir, extensionsDir);
    // The installed copy must be the one that runs, so the extension is not
    // passed as extensionDevelopmentPath. But the workbench only runs
    // extensionTestsPath in an extension-development window (without any
    // extensionDevelopmentPath the tests are silently not run and the page
    // just sits there): so point extensionDevelopmentPath at an inert stub
    // extension. The real one then loads from --extensions-dir, as for a user.
    devPath = writeStubExtension(path.join(tmpRoot, 'dev-stub'));
  }

  const { port, base } = await startServer(tools, env, userDataDir, extensionsDir);
  await launchBrowser(tools, env);
  say(`chromium ${browser.version()} up`);
  const extensionUnderTest = installed?.length ? path.join(extensionsDir, installed[0]) : opts.extensionPath;
  const ctx = { port, base, workspace, devPath, installed, extensionsDir: opts.vsix ? extensionsDir : null, extensionUnderTest };
  let code = 0;
  if (opts.tests) code = await runTests(ctx) || code;
  if (opts.tests && opts.ui) forgetWindowState(userDataDir);
  if (opts.ui) code = (await runUi({ ...ctx, workspace: opts.uiWorkspace ?? workspace })) || code;
  if (code === 0 && counts.failed > 0) code = 1;
  await finish(code);
}

main().catch(async (e) => {
  if (finished || cleaningUp) return; // interrupted: errors from closing pages are expected
  say(`ERROR: ${e.stack || e.message}`);
  await failureScreenshot('error');
  await finish(1);
});
