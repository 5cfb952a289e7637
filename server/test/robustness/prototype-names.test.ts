// Components named like Object.prototype's keys (`toString`, `constructor`,
// `__proto__`, ...) are names like any other: check, render, estimate (text
// and JSON), simulate (JSON) and the server's diagram request all answer
// without an internal error, and every JSON output keeps every name.
// Seeded: a failure names its design and reproduces.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from '../helpers/property';
import { runCli } from '../cli/helpers';
import { LspClient } from '../lsp/harness';
import { DiagramRequest, SimulateRequest } from '../../src/protocol';

const PROTOTYPE_KEYS = Object.getOwnPropertyNames(Object.prototype);
const KINDS = ['service', 'service', 'database', 'cache', 'queue'];

interface NamedDesign {
  client: string;
  components: { name: string; kind: string }[];
  text: string;
}

/** A client calling a chain of 1-4 components, every name drawn from Object.prototype's keys. */
const namedDesigns: fc.Arbitrary<NamedDesign> = fc
  .uniqueArray(fc.constantFrom(...PROTOTYPE_KEYS), { minLength: 2, maxLength: 5 })
  .chain((names) => fc.record({ names: fc.constant(names), kinds: fc.array(fc.constantFrom(...KINDS), { minLength: names.length - 1, maxLength: names.length - 1 }) }))
  .map(({ names, kinds }) => {
    const [client, ...rest] = names;
    const components = rest.map((name, i) => ({ name, kind: kinds[i] }));
    const text = [
      'system s {',
      `  client ${client} { rate: 50/s }`,
      ...components.map((c) => `  ${c.kind} ${c.name}`),
      `  ${[client, ...rest].join(' -> ')}`,
      '}',
      '',
    ].join('\n');
    return { client, components, text };
  });

const SETTINGS = { seed: 19, numRuns: 12 };

function assertOwnKeys(record: unknown, names: string[], what: string): void {
  assert.ok(record && typeof record === 'object', `${what} is an object`);
  for (const name of names) assert.ok(Object.prototype.hasOwnProperty.call(record, name), `${what} keeps '${name}'`);
}

function assertNoInternalError(result: { code: number; stderr: string }, command: string): void {
  assert.ok(result.code === 0 || result.code === 1, `${command} exits 0 or 1, not ${result.code}: ${result.stderr}`);
  assert.doesNotMatch(result.stderr, /internal error/i, command);
}

describe('components named like Object.prototype keys', () => {
  let dir: string;
  before(() => void (dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-proto-'))));
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('check, render, estimate and simulate answer and keep every name', async () => {
    await fc.assert(
      fc.asyncProperty(namedDesigns, async (design) => {
        const file = path.join(dir, 'proto.sysdesign');
        fs.writeFileSync(file, design.text);
        const names = design.components.map((c) => c.name);

        const check = await runCli(['check', file], { cwd: dir });
        assertNoInternalError(check, 'check');

        const render = await runCli(['render', file], { cwd: dir });
        assertNoInternalError(render, 'render');
        assert.match(render.stdout, /^<svg/);

        const text = await runCli(['estimate', file], { cwd: dir });
        assertNoInternalError(text, 'estimate');
        for (const name of names) assert.ok(text.stdout.includes(name), `estimate text shows '${name}'`);

        const estimate = await runCli(['estimate', file, '--format', 'json'], { cwd: dir });
        assertNoInternalError(estimate, 'estimate --format json');
        const system = JSON.parse(estimate.stdout).systems[0];
        assertOwnKeys(system.clients, [design.client], 'estimate clients');
        const tabulated = design.components.filter((c) => c.kind !== 'queue').map((c) => c.name);
        assertOwnKeys(system.components, tabulated, 'estimate components');

        const simulate = await runCli(['simulate', file, '--format', 'json', '--duration', '2'], { cwd: dir });
        assertNoInternalError(simulate, 'simulate --format json');
        assertOwnKeys(JSON.parse(simulate.stdout).components, [design.client, ...names], 'simulate components');
      }),
      SETTINGS,
    );
  });

  test("the server's diagram request draws every node, and its simulation (the preview's Save JSON) keeps every name", async () => {
    const client = new LspClient();
    await client.initialize();
    try {
      let version = 0;
      await fc.assert(
        fc.asyncProperty(namedDesigns, async (design) => {
          const uri = `file:///w/proto/${++version}.sysdesign`;
          await client.open(uri, design.text);
          const answer = await client.request(DiagramRequest, { uri, version: 1 });
          assert.equal(answer.error, undefined, design.text);
          const ids = answer.drawing!.nodes.map((n) => n.id).sort();
          assert.deepEqual(ids, [design.client, ...design.components.map((c) => c.name)].sort(), design.text);
          const simulated = await client.request(SimulateRequest, { uri, duration: 2 });
          // What Save JSON writes: JSON.stringify of this result.
          const saved = JSON.parse(JSON.stringify(simulated.result));
          assertOwnKeys(saved.components, [design.client, ...design.components.map((c) => c.name)], 'simulation result');
          await client.close(uri);
        }),
        { ...SETTINGS, numRuns: 8 },
      );
    } finally {
      await client.shutdown();
    }
  });
});
