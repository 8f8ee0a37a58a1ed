-- The init script of test/nvim/neovim.test.ts: `nvim --headless --clean -u init.lua <file.wxs>` starts `wixlint lsp
-- --stdio` as Neovim's built-in LSP client, attaches it to the buffer, waits for the diagnostics, writes them as JSON
-- and quits. Written for Neovim 0.7 (Debian 12), which has vim.lsp.start_client but not vim.lsp.start.
--
-- Environment: WIXLINT_REPO (the repository root), WIXLINT_NODE (the node binary), WIXLINT_NVIM_OUT (the JSON file to
-- write), WIXLINT_NVIM_EXPECT (how many diagnostics to wait for), WIXLINT_NVIM_DEFINITION_AT (optional, `line:character`,
-- 0-based: where to ask textDocument/definition once the diagnostics are there).
--
-- Output: { nvim, arrived, diagnostics = [{ lnum, col, end_lnum, end_col, severity, code, source, message }],
-- definition = [Location] | nil,
-- server_exit = { code, signal } | nil, error = string | nil }. Exit status: 0 when the diagnostics arrived and the
-- server stopped, 1 when a wait timed out, 3 on a Lua error.

local out = os.getenv('WIXLINT_NVIM_OUT')

local function finish(result, status)
  if out then
    vim.fn.writefile({ vim.fn.json_encode(result) }, out)
  end
  if status == 0 then
    vim.cmd('qa!')
  else
    vim.cmd('cquit ' .. status)
  end
end

-- One diagnostic as the test compares it. Neovim 0.7 keeps the LSP code both as `code` and (deprecated) as
-- `user_data.lsp.code`; read either. Columns are byte offsets, which equal UTF-16 ones on an ASCII line.
local function plain(d)
  local lsp = (d.user_data and d.user_data.lsp) or {}
  local code = d.code
  if code == nil then
    code = lsp.code
  end
  return {
    lnum = d.lnum,
    col = d.col,
    end_lnum = d.end_lnum,
    end_col = d.end_col,
    severity = d.severity,
    code = code,
    source = d.source,
    message = d.message,
  }
end

local function by_position(a, b)
  if a.lnum ~= b.lnum then
    return a.lnum < b.lnum
  end
  if a.col ~= b.col then
    return a.col < b.col
  end
  return tostring(a.code) < tostring(b.code)
end

local function run()
  assert(out, 'WIXLINT_NVIM_OUT is not set')
  local repo = assert(os.getenv('WIXLINT_REPO'), 'WIXLINT_REPO is not set')
  local node = os.getenv('WIXLINT_NODE') or 'node'
  local expect = tonumber(os.getenv('WIXLINT_NVIM_EXPECT') or '1')
  assert(vim.lsp.start_client, 'this Neovim has no vim.lsp.start_client')

  local bufnr = vim.api.nvim_get_current_buf()
  local file = vim.api.nvim_buf_get_name(bufnr)
  assert(file ~= '', 'no file was given on the command line')
  -- Neovim sends the filetype as the document's languageId; the server lints languageId wxs (or a .wxs URI).
  vim.bo[bufnr].filetype = 'wxs'

  local server_exit = nil
  local client_id = vim.lsp.start_client({
    name = 'wixlint',
    cmd = { node, repo .. '/bin/wixlint.js', 'lsp', '--stdio' },
    root_dir = vim.fn.fnamemodify(file, ':p:h'),
    on_exit = function(code, signal)
      server_exit = { code = code, signal = signal }
    end,
  })
  assert(client_id, 'vim.lsp.start_client did not start the server')
  assert(vim.lsp.buf_attach_client(bufnr, client_id), 'vim.lsp.buf_attach_client failed')

  -- Deterministic: returns as soon as the diagnostics are there, polls every 50 ms, gives up after 10 s.
  local arrived = vim.wait(10000, function()
    return #vim.diagnostic.get(bufnr) >= expect
  end, 50)

  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(diagnostics, plain(d))
  end
  table.sort(diagnostics, by_position)

  -- Go to definition, as `vim.lsp.buf.definition()` asks it, answered synchronously.
  local definition = nil
  local at = os.getenv('WIXLINT_NVIM_DEFINITION_AT')
  if at then
    local line, character = at:match('^(%d+):(%d+)$')
    local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = tonumber(line), character = tonumber(character) } }
    local responses = vim.lsp.buf_request_sync(bufnr, 'textDocument/definition', params, 5000) or {}
    local response = responses[client_id]
    definition = response and response.result or vim.NIL
  end

  -- shutdown + exit, then wait for the server process to end so that its exit status can be checked.
  vim.lsp.stop_client(client_id)
  local stopped = vim.wait(5000, function()
    return server_exit ~= nil
  end, 50)

  local version = vim.version()
  finish({
    nvim = string.format('%d.%d.%d', version.major, version.minor, version.patch),
    arrived = arrived,
    stopped = stopped,
    diagnostics = diagnostics,
    definition = definition,
    server_exit = server_exit,
  }, (arrived and stopped) and 0 or 1)
end

vim.api.nvim_create_autocmd('VimEnter', {
  once = true,
  callback = function()
    local ok, err = xpcall(run, debug.traceback)
    if not ok then
      finish({ error = tostring(err) }, 3)
    end
  end,
})
