// The npm package installs and runs on a machine with nothing else: `npm pack`
// of the built repository, then `npm install -g` of the tarball into a
// temporary prefix with an empty cache and --offline (so nothing can come from
// a registry or from this machine's npm cache), then the installed
// `sysdesign` checks, renders and answers from outside the repository.
//
// It packs with --ignore-scripts: the `prepack` build (tsc + esbuild
// --production) would rewrite dist/ under the other tests running alongside;
// `npm test` has just built dist/, which is what prepack builds.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawnSync, type SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/repo';
import { needsTool, requireTool } from '../helpers/tools';

const BUNDLE = path.join(repoRoot, 'dist', 'cli.js');
const built = fs.existsSync(BUNDLE);
const NOT_BUILT = 'dist/cli.js is not built: run `npm run build` first';
const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8'));

/** npm's settings from the environment (`npm test` exports its own) give way to the flags below, but keep proxies and TLS. */
function cleanEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    const lower = key.toLowerCase();
    if (lower.startsWith('npm_config_') && !/proxy|cafile|^npm_config_ca$|strict_ssl|userconfig|globalconfig/.test(lower)) continue;
    env[key] = value;
  }
  return { ...env, npm_config_update_notifier: 'false', NO_COLOR: '1' };
}

function run(command: string, args: string[], cwd: string): SpawnSyncReturns<string> {
  const result = spawnSync(command, args, { cwd, env: cleanEnv(), encoding: 'utf8', timeout: 180_000 });
  if (result.error) throw result.error;
  return result;
}

describe('the npm package', needsTool(built, NOT_BUILT), () => {
  let temp: string;
  let prefix: string;
  let packed: { filename: string; files: { path: string }[] };
  let sysdesign: string;
  let install: SpawnSyncReturns<string>;

  before(() => {
    requireTool(built, NOT_BUILT);
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-package-'));
    prefix = path.join(temp, 'prefix');
    sysdesign = path.join(prefix, 'bin', 'sysdesign');
    const pack = run('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', temp], repoRoot);
    assert.equal(pack.status, 0, pack.stderr);
    [packed] = JSON.parse(pack.stdout);
    install = run('npm', ['install', '-g', path.join(temp, packed.filename), '--prefix', prefix, '--offline', '--cache', path.join(temp, 'cache'), '--no-audit', '--no-fund'], temp);
    // The installed CLI runs from outside the repository, on a copy of a sample.
    fs.copyFileSync(path.join(repoRoot, 'samples', 'review', 'no-backup.sysdesign'), path.join(temp, 'no-backup.sysdesign'));
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('is public, has a bin and a prepack build, and needs no runtime dependency', () => {
    assert.equal(manifest.private, undefined);
    assert.equal(manifest.bin.sysdesign, './bin/sysdesign.js');
    assert.match(manifest.scripts.prepack, /tsc -b && node esbuild\.mjs/);
    // .npmignore picks the npm package's files: vsce refuses a \`files\` list next to .vscodeignore.
    assert.equal(manifest.files, undefined);
    // esbuild bundles every library into dist/; only the native PNG renderer is optional.
    assert.equal(manifest.dependencies, undefined);
    assert.deepEqual(Object.keys(manifest.optionalDependencies), ['@resvg/resvg-js']);
  });

  it('ships the built CLI and server, the docs they read, and nothing of the sources', () => {
    const files = packed.files.map((f) => f.path);
    for (const needed of ['bin/sysdesign.js', 'dist/cli.js', 'dist/layout-worker.js', 'dist/server.js', 'dist/sim-worker.js', 'docs/rules/no-backup.md', 'schemas/sysdesign.schema.json', 'syntaxes/sysdesign.tmLanguage.json', 'README.md', 'LICENSE', 'package.json']) {
      assert.ok(files.includes(needed), `${needed} is not in the package`);
    }
    const strays = files.filter((f) => /^(out|server|client|node_modules|scripts)\/|\.map$|\.ts$/.test(f));
    assert.deepEqual(strays, []);
  });

  it('installs globally with no network and no npm cache, and `sysdesign check` works', () => {
    assert.equal(install.status, 0, install.stderr);
    const installed = path.join(prefix, 'lib', 'node_modules', 'sysdesign');
    assert.equal(fs.existsSync(path.join(installed, 'node_modules')), false, 'nothing else was installed');

    const check = run(sysdesign, ['check', 'no-backup.sysdesign'], temp);
    assert.ok(check.status === 0 || check.status === 1, check.stderr);
    assert.match(check.stdout, /\[no-backup\]/);

    const version = run(sysdesign, ['--version'], temp);
    assert.equal(version.stdout.trim(), manifest.version);

    // SARIF embeds the rule's page from the installed docs/ and links it over https.
    const sarif = JSON.parse(run(sysdesign, ['check', '--format', 'sarif', 'no-backup.sysdesign'], temp).stdout);
    const rule = sarif.runs[0].tool.driver.rules.find((r: { id: string }) => r.id === 'no-backup');
    assert.match(rule.help.markdown, /^# no-backup/);
    assert.equal(rule.helpUri, 'https://github.com/sysdesign/sysdesign/blob/main/docs/rules/no-backup.md');
  });

  it('the installed CLI draws SVG, and says what PNG needs when the optional renderer is missing', () => {
    const svg = run(sysdesign, ['render', 'no-backup.sysdesign'], temp);
    assert.equal(svg.status, 0, svg.stderr);
    assert.match(svg.stdout, /^<svg /);
    // Offline with an empty cache, the optional @resvg/resvg-js could not be installed.
    const png = run(sysdesign, ['render', 'no-backup.sysdesign', '-o', 'x.png'], temp);
    assert.equal(png.status, 2);
    assert.match(png.stderr, /^sysdesign: cannot draw a PNG: the optional package @resvg\/resvg-js is not installed/);
    assert.doesNotMatch(png.stderr, /internal error/);
  });
});
