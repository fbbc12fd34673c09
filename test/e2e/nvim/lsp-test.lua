-- Neovim as an independent LSP client of the bundled server, headless:
--   nvim --headless -u NONE -i NONE -c 'luafile test/e2e/nvim/lsp-test.lua'
-- with PYHINTS_SERVER (dist/server.js), PYHINTS_CONFIG (pyhints.lua, the config the docs show) and
-- PY_FILE (a copy of the sample workspace's readings.py). Prints `ok <check>` or `FAIL <check>: why`
-- per check; exits 0 when all passed, 1 when one failed, 2 when the script itself broke.
local TIMEOUT_MS = 15000
local failures = 0

local function out(line) io.stdout:write(line .. '\n') end -- print() goes to stderr in --headless

local function check(name, ok, detail)
  if ok then
    out('ok   ' .. name)
  else
    failures = failures + 1
    out('FAIL ' .. name .. ': ' .. tostring(detail))
  end
  return ok
end

local function pyhints_client()
  return vim.tbl_filter(function(c) return c.name == 'pyhints' end, vim.lsp.get_active_clients())[1]
end

local function pyhints_diagnostics(bufnr)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.source == 'pyhints' then table.insert(found, d) end
  end
  table.sort(found, function(a, b) return a.lnum < b.lnum or (a.lnum == b.lnum and a.col < b.col) end)
  return found
end

-- The event loop (and with it every LSP message) only runs inside vim.wait.
local function wait_for_count(bufnr, count)
  vim.wait(TIMEOUT_MS, function() return #pyhints_diagnostics(bufnr) == count end, 50)
  return pyhints_diagnostics(bufnr)
end

local function request(bufnr, method, params)
  local responses, err = vim.lsp.buf_request_sync(bufnr, method, params, TIMEOUT_MS)
  if not responses then error(method .. ' got no answer: ' .. tostring(err)) end
  for _, response in pairs(responses) do
    if response.error then error(method .. ': ' .. vim.inspect(response.error)) end
    return response.result
  end
end

local function main()
  vim.cmd('filetype on')
  dofile(os.getenv('PYHINTS_CONFIG'))
  vim.cmd('edit ' .. vim.fn.fnameescape(os.getenv('PY_FILE')))
  local bufnr = vim.api.nvim_get_current_buf()
  local uri = vim.uri_from_bufnr(bufnr)

  -- The documented config selects nothing: the default set, where PH502 (opt-in) does not run.
  local default_set = wait_for_count(bufnr, 1)
  check('the default set: only PH107', #default_set == 1 and default_set[1].code == 'PH107', vim.inspect(default_set))

  -- Every rule, as a user who selects ALL: the settings the server pulls change, and it is told so.
  local client = pyhints_client()
  client.config.settings.pyhints.select = { 'ALL' }
  client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })

  -- Diagnostics: codes, 0-based line/UTF-16 column ranges and severities (1 error, 2 warning, 3 info).
  local diagnostics = wait_for_count(bufnr, 4)
  local seen = {}
  for _, d in ipairs(diagnostics) do
    table.insert(seen, string.format('%s %d:%d-%d:%d %d', d.code, d.lnum, d.col, d.end_lnum, d.end_col, d.severity))
  end
  local expected = { 'PH502 4:15-4:42 3', 'PH502 8:15-8:42 3', 'PH502 12:15-12:50 3', 'PH107 15:24-15:26 2' }
  check('diagnostics: codes, positions and severities', vim.deep_equal(seen, expected),
    'got ' .. vim.inspect(seen) .. ', expected ' .. vim.inspect(expected))

  local hover = request(bufnr, 'textDocument/hover', { textDocument = { uri = uri }, position = { line = 4, character = 20 } })
  local hover_text = hover and (hover.contents.value or vim.inspect(hover.contents)) or ''
  check('hover explains PH502', hover_text:find('PH502', 1, true) and hover_text:find('comprehension-in-call', 1, true),
    'hover was: ' .. hover_text)

  -- The request vim.lsp.buf.code_action() sends: the line's diagnostics, back in LSP form.
  local actions = request(bufnr, 'textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 4, character = 20 }, ['end'] = { line = 4, character = 20 } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, 4) },
  }) or {}
  local fix
  local titles = {}
  for _, action in ipairs(actions) do
    table.insert(titles, action.title)
    if action.kind == 'quickfix' and action.title:find('generator expression', 1, true) then fix = action end
  end
  check('code action: "Disable PH502 for this line" is offered', vim.tbl_contains(titles, 'Disable PH502 for this line'),
    'actions: ' .. table.concat(titles, ' | '))
  if check('code action: the quick fix is offered', fix ~= nil, 'actions: ' .. table.concat(titles, ' | ')) then
    if not fix.edit then fix = request(bufnr, 'codeAction/resolve', fix) end
    vim.lsp.util.apply_workspace_edit(fix.edit, pyhints_client().offset_encoding)
    local line = vim.api.nvim_buf_get_lines(bufnr, 4, 5, true)[1]
    check('code action: the fix rewrites the line', line == '    return sum(r.value for r in readings) / len(readings)', 'line is: ' .. line)
    local after = wait_for_count(bufnr, 3)
    check('the server re-analyzes the edited buffer', #after == 3 and after[1].lnum == 8, vim.inspect(after))
  end

  -- Neovim 0.7 cannot expand snippet tab stops, so the server must not offer its snippets.
  check('no snippet completions for a client without snippet support', client.server_capabilities.completionProvider == nil,
    vim.inspect(client.server_capabilities.completionProvider))
end

local ok, err = xpcall(main, debug.traceback)
if not ok then
  out('FAIL the Neovim test script: ' .. tostring(err))
  vim.cmd('cquit 2') -- a Lua error would otherwise leave headless Neovim running
end
for _, client in ipairs(vim.lsp.get_active_clients()) do client.stop() end
vim.wait(3000, function() return #vim.lsp.get_active_clients() == 0 end, 50)
vim.cmd(failures == 0 and 'qall!' or 'cquit 1')
