-- Sysdesign for Neovim: `.sysdesign` files get the filetype `sysdesign`, `//`
-- comments, and the language server (`sysdesign lsp --stdio`): diagnostics
-- with rule ids, hover, completion, go to definition, references, rename,
-- formatting, code actions, document symbols and folding.
--
-- Works with Neovim 0.7 and later, with no plugin: put this folder on the
-- runtimepath (or copy lua/sysdesign.lua into ~/.config/nvim/lua/) and call
--
--   require('sysdesign').setup()
--
-- Options (all optional):
--   cmd        the server command     (default { 'sysdesign', 'lsp', '--stdio' })
--   on_attach  function(client, bufnr) run when the server attaches to a buffer
--   root_markers  files that mark a project's root (default sysdesign.json, .git)
local M = {}

local function find_root(path, markers)
  local dir = vim.fn.fnamemodify(path, ':p:h')
  while true do
    for _, marker in ipairs(markers) do
      if (vim.uv or vim.loop).fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return vim.fn.fnamemodify(path, ':p:h')
    end
    dir = parent
  end
end

-- One client per project root; Neovim 0.8+ has vim.lsp.start for exactly this.
local clients = {}

local function attach(bufnr, opts)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == '' then
    return
  end
  local config = {
    name = 'sysdesign',
    cmd = opts.cmd,
    root_dir = find_root(name, opts.root_markers),
    on_attach = opts.on_attach,
  }
  if vim.lsp.start then
    vim.lsp.start(config, { bufnr = bufnr })
    return
  end
  local id = clients[config.root_dir]
  if not id or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(config)
    clients[config.root_dir] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

function M.setup(opts)
  opts = vim.tbl_extend('force', {
    cmd = { 'sysdesign', 'lsp', '--stdio' },
    root_markers = { 'sysdesign.json', '.git' },
  }, opts or {})

  local group = vim.api.nvim_create_augroup('sysdesign', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufRead', 'BufNewFile' }, {
    group = group,
    pattern = '*.sysdesign',
    callback = function(args)
      vim.bo[args.buf].filetype = 'sysdesign'
    end,
  })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = 'sysdesign',
    callback = function(args)
      vim.bo[args.buf].commentstring = '// %s'
      vim.bo[args.buf].shiftwidth = 2
      vim.bo[args.buf].expandtab = true
      attach(args.buf, opts)
    end,
  })
end

return M
