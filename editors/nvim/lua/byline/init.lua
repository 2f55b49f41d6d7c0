--- Byline for Neovim 0.11+: starts `byline lsp` in any tree that has a
--- `byline.toml`, colours its marks, and wraps its custom requests in commands.
---
---   require("byline").setup({
---     server_path = "/path/to/byline",           -- default: $BYLINE_SERVER_PATH, then `byline` on PATH
---     marks = { diagnostics = "hint" },          -- "hint" | "info" | "off"; reported = false:
---                                                -- direct quotations only (unset: byline.toml decides)
---     rules = { ["unattributed-quote"] = "warning" },
---   })
local M = {}

--- The semantic token legend is a fixed contract with the server; these names
--- become `@lsp.type.<name>` highlight groups.
M.token_types = { "quote", "speaker", "person", "organization", "location", "date" }
M.token_modifiers = { "definition", "unresolved", "annotated", "reported" }

--- The registry file a corpus uses when its byline.toml names none.
M.default_registry_files = { "entities.toml" }

---@class byline.Options
---@field server_path? string  path to the `byline` binary
---@field cmd? string[]        full server command; overrides server_path
---@field filetypes? string[]  articles ("text", "markdown"), registry files ("toml": only the
---                           files byline.toml names) and brat standoff ("brat", `*.ann`)
---@field root_markers? string[]
---@field marks? { diagnostics?: "hint"|"info"|"off", reported?: boolean }  reported: find reported
---                           speech; unset (nil) follows byline.toml's `[marks] reported`
---@field rules? table<string, "error"|"warning"|"info"|"hint"|"off">
---@field highlights? boolean  define default highlight links (default true)
---@field commands? boolean    define the :Byline command (default true)
---@field codelens? boolean    show the server's code lenses (mention counts in the registry) and
---                            refresh them on BufEnter/InsertLeave/BufWritePost (default true)
---@field quiet_hints? boolean no underline or sign for hint diagnostics (the marks), which the
---                            highlighting already shows (default true)
M.defaults = {
  server_path = nil,
  cmd = nil,
  filetypes = { "text", "markdown", "toml", "brat" },
  root_markers = { "byline.toml" },
  marks = { diagnostics = "hint" },
  rules = {},
  highlights = true,
  commands = true,
  quiet_hints = true,
  codelens = true,
}

---@type byline.Options
M.options = vim.deepcopy(M.defaults)

--- Latest `byline/status` per client id: { state = "indexing"|"ready", done, total }.
M.status_by_client = {}

--- Where the server binary comes from, in the order the user would expect an
--- explicit choice to win: option, environment, PATH.
---@return string? path, string source
function M.server_path()
  local opts = M.options
  if opts.cmd and opts.cmd[1] then
    return opts.cmd[1], "setup({cmd})"
  end
  if opts.server_path and opts.server_path ~= "" then
    return vim.fn.expand(opts.server_path), "setup({server_path})"
  end
  local env = vim.env.BYLINE_SERVER_PATH
  if env and env ~= "" then
    return env, "$BYLINE_SERVER_PATH"
  end
  local found = vim.fn.exepath("byline")
  if found ~= "" then
    return found, "PATH"
  end
  return nil, "PATH"
end

---@return string[]
function M.server_cmd()
  if M.options.cmd then
    return M.options.cmd
  end
  return { M.server_path() or "byline", "lsp" }
end

--- The settings object of the server contract, sent both as
--- initializationOptions and through workspace/didChangeConfiguration.
function M.settings()
  return { byline = { marks = vim.deepcopy(M.options.marks), rules = vim.deepcopy(M.options.rules) } }
end

--- The quoted strings of a TOML array value that starts in `text` (after
--- `key =`), up to its closing `]`; nil when the value is not an array of
--- strings. Handles basic and literal strings and comments, which is all
--- that a list of file names needs.
---@param text string
---@return string[]?
local function string_array(text)
  local i, n = 1, #text
  local function skip_blank()
    while i <= n do
      local c = text:sub(i, i)
      if c == "#" then
        local eol = text:find("\n", i, true)
        i = eol and eol + 1 or n + 1
      elseif c:match("%s") or c == "," then
        i = i + 1
      else
        return
      end
    end
  end
  skip_blank()
  if text:sub(i, i) ~= "[" then
    return nil
  end
  i = i + 1
  local items = {}
  while true do
    skip_blank()
    local c = text:sub(i, i)
    if c == "]" then
      return items
    elseif c == '"' then
      local parts, j = {}, i + 1
      while j <= n and text:sub(j, j) ~= '"' do
        if text:sub(j, j) == "\\" then
          j = j + 1
        end
        table.insert(parts, text:sub(j, j))
        j = j + 1
      end
      if j > n then
        return nil
      end
      table.insert(items, table.concat(parts))
      i = j + 1
    elseif c == "'" then
      local close = text:find("'", i + 1, true)
      if not close then
        return nil
      end
      table.insert(items, text:sub(i + 1, close - 1))
      i = close + 1
    else
      return nil
    end
  end
end

--- The registry files a `byline.toml` names, as written there: `[registry]
--- files = [...]`, or the older `[corpus] registry = [...]`; the default
--- (`entities.toml`) when it names none or the list cannot be read. This is
--- not a TOML parser: the server reads byline.toml properly and reports its
--- errors; the plugin only needs to know which `.toml` buffers to attach.
---@param text string contents of byline.toml
---@return string[]
function M.registry_files_in(text)
  local section
  local lines = vim.split(text, "\n", { plain = true })
  for index, line in ipairs(lines) do
    local header = line:match("^%s*%[%s*([%w_%-%.\"]+)%s*%]%s*$") or line:match("^%s*%[%s*([%w_%-%.\"]+)%s*%]%s*#")
    if header then
      section = header:gsub('"', "")
    elseif line:match("^%s*%[%[") then
      section = nil -- an array of tables: nothing byline.toml reads
    else
      local key, rest = line:match("^%s*([%w_%-]+)%s*=%s*(.*)$")
      if (section == "registry" and key == "files") or (section == "corpus" and key == "registry") then
        local value = rest .. "\n" .. table.concat(lines, "\n", index + 1)
        local files = string_array(value)
        if files and #files > 0 then
          return files
        end
      end
    end
  end
  return vim.deepcopy(M.default_registry_files)
end

local function real_path(path)
  return vim.uv.fs_realpath(path) or vim.fs.normalize(vim.fn.fnamemodify(path, ":p"))
end

--- Whether `path` is one of the registry files of the corpus at `root`.
---@param root string folder holding byline.toml
---@param path string
---@return boolean
function M.is_registry_file(root, path)
  local config = vim.fs.joinpath(root, "byline.toml")
  local text = ""
  local fd = io.open(config, "r")
  if fd then
    text = fd:read("*a") or ""
    fd:close()
  end
  local wanted = real_path(path)
  for _, file in ipairs(M.registry_files_in(text)) do
    local full = file:match("^/") and file or vim.fs.joinpath(root, file)
    if real_path(full) == wanted then
      return true
    end
  end
  return false
end

--- `root_dir` of the LSP config: the corpus folder above the buffer. Articles
--- and `.ann` files attach anywhere below a byline.toml; a TOML buffer only
--- when it is one of the registry files that corpus names (byline.toml
--- itself and unrelated TOML files stay untouched). A registry kept outside
--- the corpus folder attaches to the running client whose corpus names it.
---@param bufnr integer
---@param on_dir fun(root: string)
function M.root_dir(bufnr, on_dir)
  local name = vim.api.nvim_buf_get_name(bufnr)
  if name == "" then
    return
  end
  local root = vim.fs.root(bufnr, M.options.root_markers or M.defaults.root_markers)
  if vim.bo[bufnr].filetype ~= "toml" then
    if root then
      on_dir(root)
    end
    return
  end
  if root and M.is_registry_file(root, name) then
    on_dir(root)
    return
  end
  for _, client in ipairs(vim.lsp.get_clients({ name = "byline" })) do
    if client.root_dir and client.root_dir ~= root and M.is_registry_file(client.root_dir, name) then
      on_dir(client.root_dir)
      return
    end
  end
end

--- Each token group links to the first of its candidates that the colour
--- scheme paints in a colour of its own. The first candidate is the natural
--- one (most schemes colour @type, @label, @number); the later ones keep the
--- six marks apart in schemes that leave those plain, such as Neovim's muted
--- default.
M.highlight_candidates = {
  quote = { "@string" },
  speaker = { "@function" },
  person = { "Identifier" },
  organization = { "@type", "WarningMsg" },
  location = { "@label", "Removed" },
  date = { "@number", "@string.special" },
}

local function foreground(group)
  local ok, hl = pcall(vim.api.nvim_get_hl, 0, { name = group, link = false })
  return ok and hl.fg or nil
end

--- Links the token groups to standard groups, so marks are distinct without a
--- Byline-aware theme. `default = true` lets a user's own definitions win.
function M.define_highlights()
  local plain = foreground("Normal")
  for type_name, candidates in pairs(M.highlight_candidates) do
    local target = candidates[1]
    for _, candidate in ipairs(candidates) do
      local fg = foreground(candidate)
      if fg and fg ~= plain then
        target = candidate
        break
      end
    end
    vim.api.nvim_set_hl(0, "@lsp.type." .. type_name, { link = target, default = true })
  end
  vim.api.nvim_set_hl(0, "@lsp.mod.definition", { bold = true, default = true })
  vim.api.nvim_set_hl(0, "@lsp.mod.unresolved", { undercurl = true, default = true })
  -- Marks a person confirmed in the article's .ann; detected ones stay plain
  -- so the annotator sees what is still a suggestion.
  vim.api.nvim_set_hl(0, "@lsp.mod.annotated", { underline = true, default = true })
  -- Reported speech (a statement without quotation marks) is a quote with the
  -- `reported` modifier: the quote's colour in italics, so it reads as speech
  -- yet stands apart from a quotation. `BylineReportedSpeech` is the one group
  -- to override; @lsp.typemod.quote.reported (which wins over the type and
  -- modifier groups) links to it.
  local quote = vim.api.nvim_get_hl(0, { name = "@lsp.type.quote", link = false })
  vim.api.nvim_set_hl(0, "BylineReportedSpeech", { fg = quote.fg, ctermfg = quote.ctermfg, italic = true, default = true })
  vim.api.nvim_set_hl(0, "@lsp.mod.reported", { italic = true, default = true })
  vim.api.nvim_set_hl(0, "@lsp.typemod.quote.reported", { link = "BylineReportedSpeech", default = true })
end

local function on_status(err, result, ctx)
  if err or type(result) ~= "table" then
    return
  end
  M.status_by_client[ctx.client_id] = result
  vim.api.nvim_exec_autocmds("User", { pattern = "BylineStatus", modeline = false, data = result })
end

--- `workspace/codeLens/refresh`: Neovim 0.11 has no handler of its own (and
--- does not advertise one; setup does), so refetch the lenses of every
--- buffer the asking client serves.
local function on_codelens_refresh(_, _, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  if client then
    for bufnr in pairs(client.attached_buffers) do
      if vim.api.nvim_buf_is_loaded(bufnr) then
        vim.lsp.codelens.refresh({ bufnr = bufnr })
      end
    end
  end
  return vim.NIL
end

--- A statusline component: "byline: indexing 12/40" while indexing, "" after.
function M.statusline()
  for _, status in pairs(M.status_by_client) do
    if status.state == "indexing" then
      return string.format("byline: indexing %s/%s", status.done or "?", status.total or "?")
    end
  end
  return ""
end

--- The client serving `bufnr` (current buffer by default), or nil with a message.
---@return vim.lsp.Client?
function M.client(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local client = vim.lsp.get_clients({ bufnr = bufnr, name = "byline" })[1]
  if not client then
    vim.notify("byline: no server attached to this buffer (is there a byline.toml above it?)", vim.log.levels.WARN)
  end
  return client
end

local function position_params(client, bufnr)
  return vim.lsp.util.make_position_params(vim.fn.bufwinid(bufnr), client.offset_encoding)
end

local function show_markdown(markdown, title)
  local lines = vim.split(markdown or "", "\n", { plain = true })
  vim.lsp.util.open_floating_preview(lines, "markdown", { border = "rounded", title = title, focus_id = "byline" })
end

--- Shows the card of the entity under the cursor (`byline/entityAt`).
function M.entity()
  local bufnr = vim.api.nvim_get_current_buf()
  local client = M.client(bufnr)
  if not client then
    return
  end
  client:request("byline/entityAt", position_params(client, bufnr), function(err, result)
    if err then
      vim.notify("byline: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif result == nil or result == vim.NIL then
      vim.notify("byline: no person, organisation or place under the cursor", vim.log.levels.INFO)
    else
      local markdown = result.markdown
      if not markdown or markdown == "" then
        markdown = string.format(
          "**%s** (%s)\n\n%d mentions in %d articles, %d quotes",
          result.name,
          result.kind,
          result.mentions or 0,
          result.articles or 0,
          result.quotes or 0
        )
      end
      show_markdown(markdown, " " .. tostring(result.name) .. " ")
    end
  end, bufnr)
end

--- Formats `byline/corpusStatistics` as one line per count.
---@return string
function M.format_statistics(stats)
  local lines = {
    string.format("Articles:      %s", stats.articles),
    string.format("Quotes:        %s", stats.quotes),
    string.format("Dates:         %s", stats.dates),
    string.format("People:        %s", stats.people),
    string.format("Organisations: %s", stats.organizations),
    string.format("Places:        %s", stats.locations),
  }
  if stats.indexing then
    table.insert(lines, "(still indexing: counts are growing)")
  end
  return table.concat(lines, "\n")
end

function M.stats()
  local client = M.client()
  if not client then
    return
  end
  client:request("byline/corpusStatistics", vim.empty_dict(), function(err, result)
    if err then
      vim.notify("byline: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
    elseif type(result) == "table" then
      vim.notify(M.format_statistics(result), vim.log.levels.INFO, { title = "Byline corpus" })
    end
  end)
end

--- Opens the entity registry: one location jumps there, several fill the
--- quickfix list.
function M.registry()
  local client = M.client()
  if not client then
    return
  end
  client:request("byline/registryLocations", vim.empty_dict(), function(err, result)
    if err then
      vim.notify("byline: " .. (err.message or vim.inspect(err)), vim.log.levels.ERROR)
      return
    end
    if type(result) ~= "table" or #result == 0 then
      vim.notify("byline: the corpus has no entity registry", vim.log.levels.INFO)
      return
    end
    if #result == 1 then
      vim.lsp.util.show_document(result[1], client.offset_encoding, { focus = true })
      return
    end
    local items = vim.lsp.util.locations_to_items(result, client.offset_encoding)
    vim.fn.setqflist({}, " ", { title = "Byline registry", items = items })
    vim.cmd("botright copen")
  end)
end

--- Stops the server and starts it again for every buffer it served.
function M.restart()
  local clients = vim.lsp.get_clients({ name = "byline" })
  vim.lsp.enable("byline", false)
  local waited = 0
  local timer = assert(vim.uv.new_timer())
  timer:start(
    50,
    50,
    vim.schedule_wrap(function()
      waited = waited + 50
      local running = vim.tbl_filter(function(c)
        return not c:is_stopped()
      end, clients)
      if #running > 0 and waited < 3000 then
        return
      end
      for _, c in ipairs(running) do
        c:stop(true)
      end
      timer:stop()
      timer:close()
      vim.lsp.enable("byline")
      vim.notify("byline: server restarted", vim.log.levels.INFO)
    end)
  )
end

--- Changes marks/rules while running: updates the settings every byline
--- client answers workspace/configuration with, and pushes them through
--- workspace/didChangeConfiguration.
---@param opts { marks?: table, rules?: table }
function M.configure(opts)
  M.options.marks = vim.tbl_deep_extend("force", M.options.marks or {}, opts.marks or {})
  M.options.rules = vim.tbl_deep_extend("force", M.options.rules or {}, opts.rules or {})
  local settings = M.settings()
  vim.lsp.config("byline", { settings = settings, init_options = settings })
  for _, client in ipairs(vim.lsp.get_clients({ name = "byline" })) do
    client.settings = settings
    client:notify("workspace/didChangeConfiguration", { settings = settings })
  end
end

--- The corpus folder of the current buffer: its client's root, else the
--- folder above it that holds a byline.toml, else the working directory.
local function corpus_root()
  local client = vim.lsp.get_clients({ name = "byline", bufnr = 0 })[1]
  if client and client.root_dir then
    return client.root_dir
  end
  local name = vim.api.nvim_buf_get_name(0)
  local found = vim.fs.find("byline.toml", { upward = true, path = name ~= "" and vim.fs.dirname(name) or nil })[1]
  return found and vim.fs.dirname(found) or vim.fn.getcwd()
end

--- Writes the corpus report (`byline report`) to Neovim's cache folder and
--- opens it with the system opener (the browser).
function M.report()
  local server = M.server_path()
  if not server then
    vim.notify("byline: no byline binary (set server_path or $BYLINE_SERVER_PATH)", vim.log.levels.ERROR)
    return
  end
  local root = corpus_root()
  local out = vim.fs.joinpath(vim.fn.stdpath("cache"), "byline", "report-" .. vim.fn.sha256(root):sub(1, 12) .. ".html")
  vim.fn.mkdir(vim.fs.dirname(out), "p")
  vim.notify("byline: writing the corpus report of " .. root, vim.log.levels.INFO)
  vim.system({ server, "report", root, "-o", out }, { text = true }, function(result)
    vim.schedule(function()
      -- Exit 1: some inputs could not be read, the page is written anyway.
      if result.code ~= 0 and vim.fn.filereadable(out) == 0 then
        vim.notify("byline report: " .. (result.stderr or ""), vim.log.levels.ERROR)
        return
      end
      M.last_report = out
      if vim.env.BYLINE_NO_OPEN then
        vim.notify("byline: report written to " .. out, vim.log.levels.INFO)
        return
      end
      local _, err = vim.ui.open(out)
      if err then
        vim.notify("byline: report written to " .. out .. " (" .. err .. ")", vim.log.levels.WARN)
      end
    end)
  end)
end

M.subcommands = {
  restart = M.restart,
  entity = M.entity,
  stats = M.stats,
  registry = M.registry,
  report = M.report,
}

local function define_command()
  vim.api.nvim_create_user_command("Byline", function(args)
    local action = M.subcommands[args.fargs[1] or ""]
    if not action then
      vim.notify("byline: usage :Byline " .. table.concat(vim.tbl_keys(M.subcommands), "|"), vim.log.levels.ERROR)
      return
    end
    action()
  end, {
    nargs = 1,
    desc = "Byline: restart | entity | stats | registry | report",
    complete = function(lead)
      local names = vim.tbl_keys(M.subcommands)
      table.sort(names)
      return vim.tbl_filter(function(name)
        return vim.startswith(name, lead)
      end, names)
    end,
  })
end

--- Neovim shows code lenses only when asked; the registry's lenses (mention
--- counts per entry) follow edits on entering the buffer, leaving insert
--- mode and saving, and whenever the server asks (see on_codelens_refresh).
---@param args { buf: integer, data: { client_id: integer } }
function M.enable_codelens(args)
  local client = vim.lsp.get_client_by_id(args.data.client_id)
  if not client or client.name ~= "byline" or not client:supports_method("textDocument/codeLens", args.buf) then
    return
  end
  local bufnr = args.buf
  local function refresh()
    if vim.api.nvim_buf_is_loaded(bufnr) then
      vim.lsp.codelens.refresh({ bufnr = bufnr })
    end
  end
  -- One group per buffer, so a restarted server does not stack autocmds.
  local group = vim.api.nvim_create_augroup("byline.codelens." .. bufnr, { clear = true })
  vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "BufWritePost" }, {
    group = group,
    buffer = bufnr,
    callback = refresh,
  })
  refresh()
end

---@param opts? byline.Options
function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  local settings = M.settings()
  vim.lsp.config("byline", {
    cmd = M.server_cmd(),
    filetypes = M.options.filetypes,
    -- Articles outside a corpus have no byline.toml to say how they are
    -- checked, so the server only starts inside one; see M.root_dir for
    -- which TOML files count.
    root_dir = M.root_dir,
    workspace_required = true,
    init_options = settings,
    settings = settings,
    handlers = {
      ["byline/status"] = on_status,
      ["workspace/codeLens/refresh"] = M.options.codelens and on_codelens_refresh or nil,
    },
    capabilities = M.options.codelens and { workspace = { codeLens = { refreshSupport = true } } } or nil,
    on_init = function(client)
      if M.options.quiet_hints then
        -- Every mark is a hint diagnostic; underlining each one on top of
        -- its colour buries the real problems. They stay in the diagnostic
        -- lists and floats.
        local only_real_problems = { severity = { min = vim.diagnostic.severity.INFO } }
        vim.diagnostic.config(
          { underline = only_real_problems, signs = only_real_problems },
          vim.lsp.diagnostic.get_namespace(client.id)
        )
      end
    end,
    on_exit = function(_, _, client_id)
      M.status_by_client[client_id] = nil
    end,
  })
  if vim.tbl_contains(M.options.filetypes, "brat") then
    -- Neovim knows no `.ann` filetype; brat standoff files sit beside the
    -- articles they annotate.
    vim.filetype.add({ extension = { ann = "brat" } })
  end
  vim.lsp.enable("byline")

  local group = vim.api.nvim_create_augroup("byline.attach", { clear = true })
  if M.options.codelens then
    vim.api.nvim_create_autocmd("LspAttach", { group = group, callback = M.enable_codelens })
  end

  if M.options.highlights then
    M.define_highlights()
    -- `:colorscheme` clears every group, default links included.
    vim.api.nvim_create_autocmd("ColorScheme", {
      group = vim.api.nvim_create_augroup("byline.highlights", { clear = true }),
      callback = M.define_highlights,
    })
  end
  if M.options.commands then
    define_command()
  end
end

return M
