-- Sysdesign with Neovim 0.11's own vim.lsp.config / vim.lsp.enable (no plugin).
-- Put this in your init.lua. For Neovim 0.7 to 0.10, use lua/sysdesign.lua.
vim.filetype.add({ extension = { sysdesign = 'sysdesign' } })
vim.lsp.config('sysdesign', {
  cmd = { 'sysdesign', 'lsp', '--stdio' },
  filetypes = { 'sysdesign' },
  root_markers = { 'sysdesign.json', '.git' },
})
vim.lsp.enable('sysdesign')
