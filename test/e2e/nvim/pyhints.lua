-- Python Pattern Hints in Neovim 0.7 or newer: one language server for every Python buffer.
-- Point PYHINTS_SERVER (or the path below) at dist/server.js of a built checkout.
local pyhints_server = vim.env.PYHINTS_SERVER or vim.fn.expand('~/python-pattern-hints/dist/server.js')
local pyhints_client = nil

vim.api.nvim_create_autocmd('FileType', {
  pattern = 'python',
  callback = function(args)
    if not (pyhints_client and vim.lsp.get_client_by_id(pyhints_client)) then
      pyhints_client = vim.lsp.start_client({
        name = 'pyhints',
        cmd = { 'node', pyhints_server, '--stdio' },
        root_dir = vim.fn.getcwd(),
        -- Answered to the server's workspace/configuration requests, like VS Code's pyhints.* settings.
        settings = { pyhints = { targetVersion = '3.10', select = {}, ignore = {} } },
      })
    end
    vim.lsp.buf_attach_client(args.buf, pyhints_client)
  end,
})
