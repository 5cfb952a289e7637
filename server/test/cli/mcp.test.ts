// `sysdesign mcp` through the MCP SDK's own client, spawning the real entry
// point (bin/sysdesign.js: the esbuild bundle when built, else the compiled
// CLI) over stdio: the tools are listed with their input schemas, each answers
// with what its command prints with --format json, and bad calls come back as
// tool errors that say what is wrong.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { spawnSync } from 'child_process';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import type { CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { isCompiledLayout, runCli, WITH_ERROR } from './helpers';
import { repoRoot } from '../helpers/repo';

const SAMPLE = 'samples/online-shop.sysdesign';

function texts(result: unknown): string[] {
  return (result as CallToolResult).content.map((c) => (c.type === 'text' ? c.text : `<${c.type}>`));
}

describe('sysdesign mcp', () => {
  let client: Client;
  before(async () => {
    client = new Client({ name: 'sysdesign-test', version: '1.0.0' });
    const transport = new StdioClientTransport({
      command: process.execPath,
      args: [path.join(repoRoot, 'bin', 'sysdesign.js'), 'mcp'],
      cwd: repoRoot,
      stderr: 'pipe',
    });
    await client.connect(transport);
  });
  after(async () => {
    await client.close();
  });

  it('lists check, estimate, simulate and render, each taking a file or design text', async () => {
    const { tools } = await client.listTools();
    assert.deepEqual(tools.map((t) => t.name).sort(), ['check', 'estimate', 'render', 'simulate']);
    for (const tool of tools) {
      assert.ok(tool.description && tool.description.length > 20, tool.name);
      const properties = tool.inputSchema.properties as Record<string, { type?: string; description?: string }>;
      assert.equal(properties.file.type, 'string', tool.name);
      assert.equal(properties.text.type, 'string', tool.name);
      assert.ok(properties.file.description, tool.name);
      assert.equal(tool.annotations?.readOnlyHint, true);
    }
    const simulate = tools.find((t) => t.name === 'simulate')!;
    assert.deepEqual(Object.keys(simulate.inputSchema.properties!).sort(), ['duration', 'file', 'load', 'scenario', 'seed', 'system', 'text', 'trace']);
  });

  it('check returns the JSON of `sysdesign check --format json`', async () => {
    const result = await client.callTool({ name: 'check', arguments: { file: SAMPLE } });
    assert.notEqual(result.isError, true, texts(result).join('\n'));
    const cli = await runCli(['check', '--format', 'json', SAMPLE], { cwd: repoRoot });
    assert.deepEqual(JSON.parse(texts(result)[0]), JSON.parse(cli.stdout));
  });

  it('check on design text reports its findings, with the errors as messages', async () => {
    const result = await client.callTool({ name: 'check', arguments: { text: WITH_ERROR } });
    assert.notEqual(result.isError, true);
    const report = JSON.parse(texts(result)[0]);
    const rules = JSON.stringify(report);
    assert.match(rules, /unknown-property/);
    assert.match(rules, /design\.sysdesign/);
  });

  it('estimate returns the JSON of `sysdesign estimate --format json`', async () => {
    const result = await client.callTool({ name: 'estimate', arguments: { file: SAMPLE } });
    assert.notEqual(result.isError, true, texts(result).join('\n'));
    const cli = await runCli(['estimate', '--format', 'json', SAMPLE], { cwd: repoRoot });
    assert.deepEqual(JSON.parse(texts(result)[0]), JSON.parse(cli.stdout));
  });

  it('simulate returns the JSON of `sysdesign simulate --format json`, byte for byte for the same seed', async () => {
    const args = { scenario: 'black_friday', duration: '5s', seed: 7, load: '0.5x' };
    const result = await client.callTool({ name: 'simulate', arguments: { file: SAMPLE, ...args } });
    assert.notEqual(result.isError, true, texts(result).join('\n'));
    const cli = await runCli(['simulate', '--format', 'json', '--scenario', 'black_friday', '--duration', '5s', '--seed', '7', '--load', '0.5x', SAMPLE], { cwd: repoRoot });
    assert.equal(texts(result)[0], cli.stdout);
    assert.equal(JSON.parse(cli.stdout).seed, 7);
  });

  it('render returns the standalone SVG of `sysdesign render`', async () => {
    const result = await client.callTool({ name: 'render', arguments: { file: SAMPLE, direction: 'down', theme: 'dark' } });
    assert.notEqual(result.isError, true, texts(result).join('\n'));
    const svg = texts(result)[0];
    assert.match(svg, /^<svg[^>]*xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    const cli = await runCli(['render', '--direction', 'down', '--theme', 'dark', SAMPLE], { cwd: repoRoot });
    assert.equal(svg, cli.stdout);
  });

  it('render draws one view with `view`; simulate keeps traces with `trace`', async () => {
    const text = 'system s {\n  client app { rate: 20/s }\n  service a\n  service b\n  app -> a -> b\n  view front { include: [app, a] }\n}\n';
    const view = await client.callTool({ name: 'render', arguments: { text, view: 'front' } });
    assert.notEqual(view.isError, true, texts(view).join('\n'));
    const ids = [...texts(view)[0].matchAll(/<g class="node[^"]*" data-id="([^"]+)"/g)].map((m) => m[1]).sort();
    assert.deepEqual(ids, ['a', 'app']);
    const unknown = await client.callTool({ name: 'render', arguments: { text, view: 'back' } });
    assert.equal(unknown.isError, true);
    assert.match(texts(unknown).join('\n'), /no view named 'back' in system s \(views: front\)/);
    const traced = await client.callTool({ name: 'simulate', arguments: { text, duration: '10s', trace: 2 } });
    assert.notEqual(traced.isError, true, texts(traced).join('\n'));
    assert.equal((JSON.parse(texts(traced)[0]) as { traces: unknown[] }).traces.length, 2);
  });

  it('bad calls are tool errors that say what is wrong', async () => {
    const neither = await client.callTool({ name: 'estimate', arguments: {} });
    assert.equal(neither.isError, true);
    assert.match(texts(neither)[0], /`file` \(a path\) or as `text`/);

    const both = await client.callTool({ name: 'check', arguments: { file: SAMPLE, text: 'system a {}' } });
    assert.equal(both.isError, true);

    const missing = await client.callTool({ name: 'estimate', arguments: { file: 'no/such.sysdesign' } });
    assert.equal(missing.isError, true);
    assert.match(texts(missing)[0], /no\/such\.sysdesign/);

    const scenario = await client.callTool({ name: 'simulate', arguments: { file: SAMPLE, scenario: 'nope' } });
    assert.equal(scenario.isError, true);
    assert.match(texts(scenario)[0], /no scenario named 'nope'.*black_friday/);

    const duration = await client.callTool({ name: 'simulate', arguments: { file: SAMPLE, duration: '-5s' } });
    assert.equal(duration.isError, true);
    assert.match(texts(duration)[0], /--duration/);

    const noSystem = await client.callTool({ name: 'render', arguments: { text: '// nothing here\n' } });
    assert.equal(noSystem.isError, true);
    assert.match(texts(noSystem)[0], /declares no system/);

    // The SDK checks arguments against the input schema before the tool runs.
    const direction = await client.callTool({ name: 'render', arguments: { file: SAMPLE, direction: 'sideways' } });
    assert.equal(direction.isError, true);
    assert.match(texts(direction)[0], /direction/);
  });

  it('other commands do not load the MCP SDK', () => {
    const entry = isCompiledLayout ? path.resolve(__dirname, '../../src/cli.js') : path.resolve(__dirname, '../../src/cli.ts');
    const script = `
      const { main } = require(${JSON.stringify(entry)});
      main(['node', 'sysdesign', 'estimate', ${JSON.stringify(SAMPLE)}], { stdout() {}, stderr() {} }).then((code) => {
        const loaded = Object.keys(require.cache).filter((k) => /modelcontextprotocol|[\\\\/]zod[\\\\/]/.test(k));
        process.stdout.write(JSON.stringify({ code, loaded }));
      });`;
    const args = isCompiledLayout ? ['-e', script] : ['--import', pathToFileURL(require.resolve('tsx')).href, '-e', script];
    const child = spawnSync(process.execPath, args, { cwd: repoRoot, encoding: 'utf8' });
    const result = JSON.parse(child.stdout) as { code: number; loaded: string[] };
    assert.deepEqual(result.loaded, []);
  });
});
