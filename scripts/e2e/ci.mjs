#!/usr/bin/env node
// `npm run test:e2e`: what we ship is what we test.
//
//   1. builds the .vsix with `npm run package` (vsce: tsc -b, the production
//      esbuild bundles, then the package; this also compiles the extension
//      tests into out/);
//   2. checks the .vsix: under 5 MB, no node_modules, the bundled extension,
//      server and webview, README, CHANGELOG, LICENSE, icon, categories and
//      keywords;
//   3. runs scripts/e2e/run.mjs --vsix: installs that .vsix into code-server
//      (--install-extension, an isolated extensions dir), runs the extension
//      test suite (out/client/test/index.js) against the INSTALLED copy, then
//      the UI checks (scripts/e2e/ui/checks.mjs, screenshots in
//      .e2e-artifacts/ui/), on a temporary copy of samples/ as the workspace;
//   4. prints a summary and ONE final line `N passed, N failed` (`, N skipped`
//      when something could not run, with its reason printed above), counting
//      the package checks, the extension tests and the UI checks. Exit 0 only
//      if nothing failed.
//
//   node scripts/e2e/ci.mjs [--no-package] [--vsix <file>] [--dev] [--no-tests]
//        [--no-ui] [--timeout <s>] [--verbose] [--keep-temp]
//
//   --no-package   use the .vsix already built (<name>-<version>.vsix) instead of packaging
//   --vsix <file>  test this .vsix (implies --no-package)
//   --dev          skip packaging and run against the development folder (quick iteration;
//                  not what ships)
//   SYSDESIGN_TEST_GREP=<regex>  run only the matching extension tests
import { spawn, spawnSync } from 'node:child_process';
import { builtinModules } from 'node:module';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, '..', '..');
const MAX_VSIX_BYTES = 5 * 1024 * 1024;
const t0 = Date.now();
const say = (...a) => console.log(`[ci ${((Date.now() - t0) / 1000).toFixed(1)}s]`, ...a);

// ------------------------------------------------------------------ args --
const USAGE = 'usage: node scripts/e2e/ci.mjs [--no-package] [--vsix <file>] [--dev] [--no-tests] [--no-ui] [--timeout <s>] [--verbose] [--keep-temp]';
const opts = { pack: true, dev: false, tests: true, ui: true, timeout: 900, verbose: false, keepTemp: false, vsix: null };
{
  const argv = process.argv.slice(2);
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const val = () => {
      if (i + 1 >= argv.length) usage(`missing value for ${a}`);
      return argv[++i];
    };
    switch (a) {
      case '--no-package': opts.pack = false; break;
      case '--vsix': opts.vsix = path.resolve(val()); opts.pack = false; break;
      case '--dev': opts.dev = true; opts.pack = false; break;
      case '--no-tests': opts.tests = false; break;
      case '--no-ui': opts.ui = false; break;
      case '--timeout': opts.timeout = Number(val()); break;
      case '--verbose': opts.verbose = true; break;
      case '--keep-temp': opts.keepTemp = true; break;
      case '-h': case '--help': console.log(USAGE); process.exit(0); break;
      default: usage(`unknown argument ${a}`);
    }
  }
  if (!opts.tests && !opts.ui) usage('nothing to do');
  if (!(opts.timeout > 0)) usage('--timeout must be a positive number of seconds');
}
function usage(msg) {
  console.error(`[ci] ${msg}\n${USAGE}`);
  process.exit(2);
}

// ---------------------------------------------------------------- counts --
const counts = { passed: 0, failed: 0, skipped: 0 };
const summary = [];
function ok(name, detail = '') {
  counts.passed++;
  say(`ok   - ${name}${detail ? `: ${detail}` : ''}`);
}
function fail(name, detail = '') {
  counts.failed++;
  say(`FAIL - ${name}${detail ? `: ${detail}` : ''}`);
}
function skip(name, reason) {
  counts.skipped++;
  say(`skip - ${name}: ${reason}`);
}
function check(name, condition, detail = '') {
  (condition ? ok : fail)(name, detail);
  return condition;
}
function finish(code) {
  console.log('\n== summary');
  for (const line of summary) console.log(line);
  if (code === 0 && counts.failed > 0) code = 1;
  if (code !== 0 && counts.failed === 0) counts.failed = 1; // never green on a failure
  const skipped = counts.skipped ? `, ${counts.skipped} skipped` : '';
  console.log(`${counts.passed} passed, ${counts.failed} failed${skipped}`);
  process.exit(code);
}

const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const artifacts = path.join(root, '.e2e-artifacts');
fs.mkdirSync(artifacts, { recursive: true });

// --------------------------------------------------------------- package --
let packageStarted = null; // when `npm run package` started (its build rewrites dist/)

/** Files under dir, relative, with their modification times. */
function listFiles(dir, rel = '') {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const r = rel ? `${rel}/${d.name}` : d.name;
    if (d.isDirectory()) return listFiles(path.join(dir, d.name), r);
    return [{ rel: r, mtimeMs: fs.statSync(path.join(dir, d.name)).mtimeMs }];
  });
}

function packageVsix() {
  const file = path.join(root, `${pkg.name}-${pkg.version}.vsix`);
  fs.rmSync(file, { force: true });
  say(`npm run package (vsce: tsc -b, production bundles, ${path.basename(file)})`);
  const started = Date.now();
  packageStarted = started;
  // README links to docs/ that ship inside the .vsix; without a repository
  // URL vsce refuses to package unless it leaves relative links alone.
  const r = spawnSync('npm', ['run', 'package', '--', '--no-rewrite-relative-links'], {
    cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, CI: process.env.CI ?? 'true' },
  });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}`.split('\n').filter((l) => !/^npm warn Unknown (user|env) config "nodedir"/.test(l)).join('\n');
  if (opts.verbose || r.status !== 0) process.stdout.write(out.endsWith('\n') ? out : `${out}\n`);
  else for (const l of out.split('\n')) if (/^(dist\/|skip |warning|\s*DONE|\s*WARNING)/.test(l.trim())) console.log(`  ${l.trim()}`);
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (!check('npm run package builds the .vsix', r.status === 0 && fs.existsSync(file), r.status === 0 ? `${path.relative(root, file)} in ${secs}s` : `exit ${r.status}`)) return null;
  return file;
}

// ----------------------------------------------------------- zip reading --
/** Central-directory entries of a zip (.vsix): name, sizes, method, local header offset. */
function readZip(file) {
  const buf = fs.readFileSync(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) { eocd = i; break; }
  }
  if (eocd < 0) throw new Error(`${file} is not a zip file`);
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) throw new Error(`bad central directory entry ${n} in ${file}`);
    const method = buf.readUInt16LE(p + 10);
    const compressed = buf.readUInt32LE(p + 20);
    const size = buf.readUInt32LE(p + 24);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    entries.push({ name, method, compressed, size, offset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  const read = (entry) => {
    const h = entry.offset;
    if (buf.readUInt32LE(h) !== 0x04034b50) throw new Error(`bad local header for ${entry.name}`);
    const start = h + 30 + buf.readUInt16LE(h + 26) + buf.readUInt16LE(h + 28);
    const data = buf.subarray(start, start + entry.compressed);
    if (entry.method === 0) return Buffer.from(data);
    if (entry.method === 8) return zlib.inflateRawSync(data);
    throw new Error(`${entry.name}: unsupported compression method ${entry.method}`);
  };
  return { size: buf.length, entries, read };
}

const kB = (n) => (n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} kB`);

function pngSize(data) {
  const sig = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  if (data.length < 24 || !data.subarray(0, 8).equals(sig)) return null;
  return { width: data.readUInt32BE(16), height: data.readUInt32BE(20) };
}

/** Non-builtin modules a bundle require()s (anything not bundled must ship or be loaded lazily). */
function externalRequires(code) {
  const builtin = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);
  const found = new Set();
  for (const m of code.matchAll(/\brequire\(\s*["']([^"']+)["']\s*\)/g)) {
    const id = m[1];
    if (id === 'vscode' || builtin.has(id) || builtin.has(id.split('/')[0]) || id.startsWith('.')) continue;
    found.add(id);
  }
  return [...found].sort();
}

function checkVsix(file) {
  let zip;
  try {
    zip = readZip(file);
  } catch (e) {
    fail('the .vsix is a readable zip', e.message);
    return;
  }
  const names = zip.entries.map((e) => e.name);
  const has = (re) => names.find((n) => re.test(n));
  const entry = (name) => zip.entries.find((e) => e.name === name);
  const unpacked = zip.entries.reduce((s, e) => s + e.size, 0);
  summary.push(`vsix: ${path.relative(root, file)}, ${kB(zip.size)} (${zip.entries.length} files, ${kB(unpacked)} unpacked)`);

  check(`the .vsix is under ${kB(MAX_VSIX_BYTES)}`, zip.size < MAX_VSIX_BYTES, `${kB(zip.size)} (${zip.size} bytes)`);
  const modules = names.filter((n) => /(^|\/)node_modules\//.test(n));
  check('the .vsix has no node_modules folder', modules.length === 0, modules.length ? `${modules.length} entries, e.g. ${modules[0]}` : `${zip.entries.length} files`);

  let man = null;
  try {
    man = JSON.parse(zip.read(entry('extension/package.json')).toString('utf8'));
  } catch (e) {
    fail('the .vsix has extension/package.json', e.message);
    return;
  }
  const main = `extension/${path.posix.normalize(man.main ?? '')}`;
  check('the bundled extension is in the .vsix (manifest main)', !!entry(main) && !!entry('extension/dist/extension.js'), `${man.main} -> ${entry(main) ? kB(entry(main).size) : 'MISSING'}`);
  check('the bundled language server is in the .vsix', !!entry('extension/dist/server.js'), entry('extension/dist/server.js') ? `dist/server.js ${kB(entry('extension/dist/server.js').size)}` : 'dist/server.js MISSING');
  if (packageStarted !== null) {
    // What the production build wrote to dist/ during `npm run package` is
    // what the extension loads at run time (bundles, worker bundles, webview
    // assets, .wasm): all of it must ship, except the CLI (it ships through
    // npm's `bin`) and source maps (optional; they cost size).
    const built = listFiles(path.join(root, 'dist')).filter((f) => f.mtimeMs >= packageStarted - 2000 && !/^cli\.js/.test(f.rel) && !/\.map$/.test(f.rel));
    const missing = built.filter((f) => !entry(`extension/dist/${f.rel}`)).map((f) => `dist/${f.rel}`);
    check('everything the build wrote to dist/ ships in the .vsix (except the CLI and source maps)', built.length > 0 && missing.length === 0,
      missing.length ? `missing: ${missing.join(', ')} (let them in through .vscodeignore)` : `${built.length} files`);
  }
  const sources = names.filter((n) => /^extension\/(client|server|out|src)\//.test(n) || (/\.ts$/.test(n) && !/\.d\.ts$/.test(n)));
  check('only bundles ship: no TypeScript sources or out/ tree', sources.length === 0, sources.length ? `${sources.length} entries, e.g. ${sources[0]}` : '');

  const webview = names.filter((n) => n.startsWith('extension/dist/webview/'));
  const contributesPreview = (man.contributes?.commands ?? []).some((c) => /preview/i.test(c.command));
  const webviewSource = fs.existsSync(path.join(root, 'client', 'webview', 'main.ts'));
  if (contributesPreview || webviewSource) {
    check('the bundled webview is in the .vsix', webview.some((n) => /\.js$/.test(n)), webview.map((n) => n.slice('extension/'.length)).join(', ') || 'dist/webview/ MISSING');
  } else if (webview.length) {
    ok('the bundled webview is in the .vsix', webview.map((n) => n.slice('extension/'.length)).join(', '));
  } else {
    skip('the bundled webview is in the .vsix', 'no preview yet: the manifest contributes no preview command and client/webview/main.ts does not exist');
  }

  for (const [what, re] of [
    ['README', /^extension\/readme\.md$/i],
    ['CHANGELOG', /^extension\/changelog\.md$/i],
    ['LICENSE', /^extension\/licen[sc]e(\.(txt|md))?$/i],
  ]) {
    const n = has(re);
    check(`the .vsix has the ${what}`, !!n, n ? `${n.slice('extension/'.length)} ${kB(entry(n).size)}` : 'missing');
  }

  const iconEntry = man.icon ? entry(`extension/${path.posix.normalize(man.icon)}`) : null;
  const png = iconEntry ? pngSize(zip.read(iconEntry)) : null;
  check('the .vsix has its icon (a PNG of at least 128x128)', !!png && png.width >= 128 && png.height >= 128,
    man.icon ? `${man.icon}${png ? ` ${png.width}x${png.height}` : iconEntry ? ' is not a PNG' : ' MISSING'}` : 'no "icon" in package.json');
  const categories = man.categories ?? [];
  const keywords = man.keywords ?? [];
  check('the manifest has categories and keywords', categories.length > 0 && keywords.length > 0, `categories: ${categories.join(', ') || 'NONE'}; keywords: ${keywords.join(', ') || 'NONE'}`);

  // Information: modules the bundles require() that are not bundled.
  for (const b of ['extension/dist/extension.js', 'extension/dist/server.js']) {
    const e = entry(b);
    if (!e) continue;
    const ext = externalRequires(zip.read(e).toString('utf8'));
    if (ext.length) say(`note: ${b.slice('extension/'.length)} require()s ${ext.join(', ')} (not bundled; the .vsix does not ship node_modules, so only lazily-loaded code paths may use them)`);
  }

  // The layout, for the record.
  const groups = new Map();
  for (const e of zip.entries) {
    const n = e.name.startsWith('extension/') ? e.name.slice('extension/'.length) : e.name;
    const top = n.includes('/') ? `${n.split('/')[0]}/` : n;
    const g = groups.get(top) ?? { files: 0, bytes: 0 };
    g.files++;
    g.bytes += e.size;
    groups.set(top, g);
  }
  const layout = [...groups].map(([k, g]) => `${k}${g.files > 1 ? ` (${g.files} files)` : ''} ${kB(g.bytes)}`).join(', ');
  summary.push(`vsix contents: ${layout}`);
  fs.writeFileSync(path.join(artifacts, 'vsix-contents.txt'),
    `${path.basename(file)} ${zip.size} bytes, ${zip.entries.length} files\n` +
      zip.entries.map((e) => `${String(e.size).padStart(10)}  ${e.name}`).join('\n') + '\n');
}

// ------------------------------------------------------------------ run --
function runInCodeServer(vsix, workspace, uiWorkspace) {
  const args = [path.join(here, 'run.mjs'), '--workspace', workspace, '--ui-workspace', uiWorkspace,
    '--screenshots', artifacts, '--timeout', String(opts.timeout)];
  if (opts.dev) args.push('--extension-path', root);
  else args.push('--vsix', vsix);
  if (opts.tests) {
    const index = path.join(root, 'out', 'client', 'test', 'index.js');
    if (!fs.existsSync(index)) {
      fail('extension tests are compiled', `${path.relative(root, index)} missing (npm run package / npm run build compiles them)`);
      return Promise.resolve(1);
    }
    args.push('--tests', index);
  }
  if (opts.ui) args.push('--ui', path.join(here, 'ui', 'checks.mjs'));
  if (opts.verbose) args.push('--verbose');
  if (opts.keepTemp) args.push('--keep-temp');
  say(`node scripts/e2e/run.mjs ${args.slice(1).map((a) => (a.startsWith(root) ? path.relative(root, a) || '.' : a)).join(' ')}`);
  return new Promise((resolve) => {
    const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let last = null;
    const onLine = (line) => {
      const m = /^(\d+) passed, (\d+) failed(?:, (\d+) skipped)?\s*$/.exec(line);
      if (m) {
        last = { passed: +m[1], failed: +m[2], skipped: +(m[3] ?? 0) };
        console.log(`  (so far in code-server: ${line})`); // keep the final bare line unique
        return;
      }
      console.log(line);
      const act = /^activation: (.*)$/.exec(line.trim());
      if (act) summary.push(`activation (extension tests, installed extension): ${act[1]}`);
      const ui = /\[ui\] (activation \(Running Extensions.*)$/.exec(line);
      if (ui) summary.push(ui[1]);
      const skipped = /\[ui\] skip - (.*)$/.exec(line);
      if (skipped) summary.push(`skipped: ${skipped[1]}`);
    };
    for (const stream of [child.stdout, child.stderr]) {
      let buf = '';
      stream.setEncoding('utf8');
      stream.on('data', (d) => {
        buf += d;
        let i;
        while ((i = buf.indexOf('\n')) >= 0) {
          onLine(buf.slice(0, i));
          buf = buf.slice(i + 1);
        }
      });
      stream.on('end', () => { if (buf) onLine(buf); });
    }
    const forward = (sig) => child.kill(sig);
    for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(sig, () => forward(sig));
    child.on('close', (code) => {
      // run.mjs's own last line is its count (the tests' mocha count + UI checks).
      if (last) {
        counts.passed += last.passed;
        counts.failed += last.failed;
        counts.skipped += last.skipped;
      } else {
        fail('code-server run reported its counts', `run.mjs exited ${code} without a summary line`);
      }
      resolve(code ?? 1);
    });
  });
}

async function main() {
  let vsix = opts.vsix;
  if (!opts.dev) {
    if (opts.pack) vsix = packageVsix();
    else vsix ??= path.join(root, `${pkg.name}-${pkg.version}.vsix`);
    if (!vsix) finish(1);
    if (!fs.existsSync(vsix)) {
      fail('the .vsix exists', `${vsix} (run without --no-package)`);
      finish(1);
    }
    checkVsix(vsix);
  } else {
    summary.push('mode: --dev (development folder, not the packaged .vsix)');
  }

  // The workspaces: temporary copies of samples/, so nothing done in the
  // editor (quick fixes, typing) can touch the repository's files; one for
  // the extension tests and one for the UI checks, so the UI window starts
  // clean instead of restoring the editors the tests left open.
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-ci-'));
  const workspace = path.join(tmp, 'tests', 'samples');
  const uiWorkspace = path.join(tmp, 'ui', 'samples');
  for (const dir of [workspace, uiWorkspace]) fs.cpSync(path.join(root, 'samples'), dir, { recursive: true });
  // Screenshots of this run only (the UI checks' and run.mjs's failure shots).
  fs.rmSync(path.join(artifacts, 'ui'), { recursive: true, force: true });
  for (const f of fs.readdirSync(artifacts)) if (/^failure-.*\.png$/.test(f)) fs.rmSync(path.join(artifacts, f), { force: true });
  let code;
  try {
    code = await runInCodeServer(vsix, workspace, uiWorkspace);
  } finally {
    if (!opts.keepTemp) fs.rmSync(tmp, { recursive: true, force: true });
  }
  const shots = fs.existsSync(path.join(artifacts, 'ui')) ? fs.readdirSync(path.join(artifacts, 'ui')).filter((f) => f.endsWith('.png')).sort() : [];
  summary.push(`screenshots: ${path.relative(root, path.join(artifacts, 'ui'))}/ ${shots.join(', ') || '(none)'}`);
  summary.push(`took ${((Date.now() - t0) / 1000).toFixed(0)}s`);
  finish(code);
}

main().catch((e) => {
  fail('ci.mjs', e.stack || e.message);
  finish(1);
});
