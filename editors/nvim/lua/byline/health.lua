--- `:checkhealth byline`: is Neovim new enough, is the server found and
--- runnable, and does the current buffer sit in a corpus.
local M = {}

function M.check()
  local health = vim.health
  local byline = require("byline")

  health.start("Neovim")
  if vim.fn.has("nvim-0.11") == 1 then
    health.ok("Neovim " .. tostring(vim.version()))
  else
    health.error("Neovim 0.11 or newer is required (vim.lsp.config / vim.lsp.enable)")
  end

  health.start("Server")
  local path, source = byline.server_path()
  if not path then
    health.error("`byline` not found", {
      "Put the `byline` binary on PATH, set $BYLINE_SERVER_PATH,",
      "or pass require('byline').setup({ server_path = '/path/to/byline' })",
    })
  elseif vim.fn.executable(path) ~= 1 then
    health.error(string.format("%s (from %s) is not executable", path, source))
  else
    local result = vim.system({ path, "--version" }, { text = true }):wait(5000)
    if result.code == 0 then
      health.ok(string.format("%s (from %s): %s", path, source, vim.trim(result.stdout or "")))
    else
      health.error(
        string.format("%s --version failed with exit code %s", path, tostring(result.code)),
        { vim.trim(result.stderr or "") }
      )
    end
  end
  health.info("command: " .. table.concat(byline.server_cmd(), " "))

  health.start("Corpus")
  local bufnr = vim.api.nvim_get_current_buf()
  local root = vim.fs.root(bufnr, byline.options.root_markers or { "byline.toml" })
  if root then
    health.ok("corpus root: " .. root)
    local config = io.open(vim.fs.joinpath(root, "byline.toml"), "r")
    local files = byline.registry_files_in(config and config:read("*a") or "")
    if config then
      config:close()
    end
    for _, file in ipairs(files) do
      local full = file:match("^/") and file or vim.fs.joinpath(root, file)
      if vim.uv.fs_stat(full) then
        health.ok("entity registry: " .. full)
      else
        health.info("entity registry " .. full .. " does not exist yet (code actions create it)")
      end
    end
  else
    health.warn("the current buffer has no byline.toml above it; the server starts only inside a corpus")
  end
  local clients = vim.lsp.get_clients({ name = "byline" })
  if #clients == 0 then
    health.info("no byline client running")
  end
  for _, client in ipairs(clients) do
    local status = byline.status_by_client[client.id]
    health.ok(string.format(
      "client %d on %s (%s)%s",
      client.id,
      client.root_dir or "?",
      client.offset_encoding,
      status and (", " .. tostring(status.state)) or ""
    ))
  end
end

return M
