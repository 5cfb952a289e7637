// editors/neovim/lua/sysdesign.lua in a real Neovim, headless: it opens a
// design, the filetype is detected, the language server (bin/sysdesign.js lsp
// --stdio) starts, and the test waits (vim.wait polls the condition) until the
// server's diagnostics arrive, then checks a known rule id is among them.
// In CI (scripts/e2e/install-tools.sh installs Debian's neovim) a missing nvim
// fails the test.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { repoRoot } from '../helpers/repo';
import { needsTool, requireTool } from '../helpers/tools';

const nvimVersion = spawnSync('nvim', ['--version'], { encoding: 'utf8' });
const hasNvim = nvimVersion.status === 0;
const MISSING = 'Neovim (nvim) is not installed: apt-get install neovim';

/** The longest the server may take to answer; the wait ends as soon as diagnostics arrive. */
const DIAGNOSTICS_DEADLINE_MS = 120_000;

interface Result {
  error?: string;
  filetype: string;
  commentstring: string;
  arrived: boolean;
  clients: string[];
  diagnostics: { code?: string; message: string; lnum: number; source?: string }[];
}

/** Lua literal of a string. */
const lua = (s: string) => JSON.stringify(s);

function initScript(design: string, output: string): string {
  return `
local output = ${lua(output)}
local result = { diagnostics = {}, clients = {} }
local ok, err = pcall(function()
  vim.opt.runtimepath:prepend(${lua(path.join(repoRoot, 'editors', 'neovim'))})
  require('sysdesign').setup({ cmd = { ${lua(process.execPath)}, ${lua(path.join(repoRoot, 'bin', 'sysdesign.js'))}, 'lsp', '--stdio' } })
  vim.cmd('edit ' .. vim.fn.fnameescape(${lua(design)}))
  local buf = vim.api.nvim_get_current_buf()
  result.filetype = vim.bo[buf].filetype
  result.commentstring = vim.bo[buf].commentstring
  result.arrived = vim.wait(${DIAGNOSTICS_DEADLINE_MS}, function() return #vim.diagnostic.get(buf) > 0 end, 20)
  -- vim.lsp.get_clients is Neovim 0.10+; buf_get_clients is the older name.
  local clients = vim.lsp.get_clients and vim.lsp.get_clients({ bufnr = buf }) or vim.lsp.buf_get_clients(buf)
  for _, client in pairs(clients) do table.insert(result.clients, client.name) end
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    local code = d.code
    if code == nil and d.user_data and d.user_data.lsp then code = d.user_data.lsp.code end
    table.insert(result.diagnostics, { code = code, message = d.message, lnum = d.lnum, source = d.source })
  end
end)
if not ok then result.error = tostring(err) end
vim.fn.writefile({ vim.fn.json_encode(result) }, output)
vim.cmd('qa!')
`;
}

describe('Neovim', needsTool(hasNvim, MISSING), () => {
  let temp: string;
  before(() => {
    temp = fs.mkdtempSync(path.join(os.tmpdir(), 'sysdesign-nvim-'));
  });
  after(() => fs.rmSync(temp, { recursive: true, force: true }));

  it('detects .sysdesign files and shows the language server\'s diagnostics', () => {
    requireTool(hasNvim, MISSING);
    const design = path.join(temp, 'no-backup.sysdesign');
    fs.copyFileSync(path.join(repoRoot, 'samples', 'review', 'no-backup.sysdesign'), design);
    const init = path.join(temp, 'init.lua');
    const output = path.join(temp, 'result.json');
    fs.writeFileSync(init, initScript(design, output));

    const home = path.join(temp, 'home');
    const nvim = spawnSync('nvim', ['--headless', '-n', '-i', 'NONE', '--noplugin', '-u', init], {
      cwd: temp,
      encoding: 'utf8',
      env: { ...process.env, HOME: home, XDG_CONFIG_HOME: path.join(home, 'config'), XDG_DATA_HOME: path.join(home, 'data'), XDG_STATE_HOME: path.join(home, 'state'), XDG_CACHE_HOME: path.join(home, 'cache') },
      // Only a hung editor reaches this: the script quits as soon as it has its answer.
      timeout: DIAGNOSTICS_DEADLINE_MS + 60_000,
    });
    assert.ok(fs.existsSync(output), `nvim wrote no result (status ${nvim.status}, signal ${nvim.signal}): ${nvim.stderr}${nvim.stdout}`);
    const result = JSON.parse(fs.readFileSync(output, 'utf8')) as Result;
    assert.equal(result.error, undefined);
    assert.equal(result.filetype, 'sysdesign');
    assert.equal(result.commentstring, '// %s');
    assert.deepEqual(result.clients, ['sysdesign']);
    assert.equal(result.arrived, true, 'no diagnostics arrived');
    const noBackup = result.diagnostics.filter((d) => d.code === 'no-backup');
    assert.equal(noBackup.length, 1, JSON.stringify(result.diagnostics));
    assert.equal(noBackup[0].source, 'sysdesign');
    assert.match(noBackup[0].message, /backup/);
  });
});
