-- Sysdesign with nvim-lspconfig, as a custom server (lspconfig does not ship
-- one for sysdesign). Put this in your init.lua after lspconfig is installed.
-- Without lspconfig, lua/sysdesign.lua in this folder does the same with
-- Neovim alone.
vim.filetype.add({ extension = { sysdesign = 'sysdesign' } }) -- Neovim 0.8+

local configs = require('lspconfig.configs')
if not configs.sysdesign then
  configs.sysdesign = {
    default_config = {
      cmd = { 'sysdesign', 'lsp', '--stdio' },
      filetypes = { 'sysdesign' },
      root_dir = require('lspconfig.util').root_pattern('sysdesign.json', '.git'),
      single_file_support = true,
    },
  }
end
require('lspconfig').sysdesign.setup({})
