// Every editor configuration under editors/ starts the same server command,
// `sysdesign lsp --stdio`, and maps the same files (*.sysdesign). Neovim runs
// for real in neovim.test.ts; the others are checked here for what they say,
// and the command they name is started and answers LSP's initialize.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { repoRoot } from '../helpers/repo';

const read = (rel: string) => fs.readFileSync(path.join(repoRoot, 'editors', rel), 'utf8');
const SERVER = ['sysdesign', 'lsp', '--stdio'];

describe('editor configurations', () => {
  it('all name `sysdesign lsp --stdio` and *.sysdesign files', () => {
    const neovim = read('neovim/lua/sysdesign.lua');
    assert.match(neovim, /cmd = \{ 'sysdesign', 'lsp', '--stdio' \}/);
    assert.match(neovim, /pattern = '\*\.sysdesign'/);
    assert.match(read('neovim/lspconfig.lua'), /cmd = \{ 'sysdesign', 'lsp', '--stdio' \}/);
    assert.match(read('neovim/vim-lsp-config.lua'), /cmd = \{ 'sysdesign', 'lsp', '--stdio' \}/);

    const helix = read('helix/languages.toml');
    assert.match(helix, /^command = "sysdesign"$/m);
    assert.match(helix, /^args = \["lsp", "--stdio"\]$/m);
    assert.match(helix, /^file-types = \["sysdesign"\]$/m);

    const jetbrains = JSON.parse(read('jetbrains/template.json'));
    assert.equal(jetbrains.programArgs.default, SERVER.join(' '));
    assert.deepEqual(jetbrains.fileTypeMappings[0].fileType.patterns, ['*.sysdesign']);
    assert.equal(jetbrains.fileTypeMappings[0].languageId, 'sysdesign');

    assert.match(read('zed/src/lib.rs'), /which\("sysdesign"\)[\s\S]*vec!\["lsp"\.to_string\(\), "--stdio"\.to_string\(\)\]/);
    assert.match(read('zed/languages/sysdesign/config.toml'), /^path_suffixes = \["sysdesign"\]$/m);
  });

  it('that command starts the language server, which answers initialize', async () => {
    const server = spawn(process.execPath, [path.join(repoRoot, 'bin', 'sysdesign.js'), ...SERVER.slice(1)], { stdio: ['pipe', 'pipe', 'inherit'] });
    const request = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { processId: null, rootUri: null, capabilities: {} } });
    server.stdin.write(`Content-Length: ${Buffer.byteLength(request)}\r\n\r\n${request}`);
    let received = '';
    const response = await new Promise<{ result: { capabilities: Record<string, unknown>; serverInfo?: { name: string } } }>((resolve, reject) => {
      server.on('exit', (code) => reject(new Error(`the server exited (${code}) before answering`)));
      // Messages in order; the server may send notifications before the answer.
      server.stdout.on('data', (chunk: Buffer) => {
        received += chunk.toString('latin1');
        for (;;) {
          const header = /Content-Length: (\d+)\r\n\r\n/.exec(received);
          if (!header) return;
          const start = header.index + header[0].length;
          const length = Number(header[1]);
          if (received.length - start < length) return;
          const message = JSON.parse(Buffer.from(received.slice(start, start + length), 'latin1').toString('utf8'));
          received = received.slice(start + length);
          if (message.id === 1) return resolve(message);
        }
      });
    });
    server.kill();
    assert.equal(response.result.capabilities.hoverProvider, true);
    assert.ok(response.result.capabilities.semanticTokensProvider, 'editors without a grammar colour from semantic tokens');
  });
});
