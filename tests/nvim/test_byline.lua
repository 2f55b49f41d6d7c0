-- Headless end-to-end test of the Neovim plugin against the real `byline lsp`.
-- Run by tests/nvim/run.sh:
--   nvim --headless --clean -n --cmd 'set rtp^=editors/nvim' -u tests/nvim/test_byline.lua
-- Environment: BYLINE_TEST_CORPUS (a writable copy of the fixture corpus with a
-- byline.toml), BYLINE_SERVER_PATH (the binary), BYLINE_TEST_OUTPUT (where the
-- HTML rendering for the README screenshot goes; optional).
-- Exit status 0 when every check passes, 1 otherwise.

local corpus = assert(vim.env.BYLINE_TEST_CORPUS, "BYLINE_TEST_CORPUS is not set")
local output_dir = vim.env.BYLINE_TEST_OUTPUT
local TIMEOUT = tonumber(vim.env.BYLINE_TEST_TIMEOUT or "") or 15000

local VOA = corpus .. "/000_93d8eec447f298ec.txt"
local YONHAP = corpus .. "/003_cc2c72248124e3e7.txt"
local FOLLOWUP = corpus .. "/900_editors_followup.txt"
local HARBOUR = corpus .. "/901_editors_harbour.txt"
local REGISTRY = corpus .. "/entities.toml"

local failures = {}
local passed = 0

local function log(fmt, ...)
  io.stdout:write(string.format(fmt, ...) .. "\n")
end

local function check(name, fn)
  local ok, err = xpcall(fn, debug.traceback)
  if ok then
    passed = passed + 1
    log("ok   %s", name)
  else
    table.insert(failures, name)
    log("FAIL %s\n     %s", name, tostring(err):gsub("\n", "\n     "))
  end
  return ok
end

local function wait_for(what, predicate, timeout)
  local ok = vim.wait(timeout or TIMEOUT, function()
    vim.cmd.redraw()
    return predicate()
  end, 20)
  if not ok then
    error("timed out after " .. (timeout or TIMEOUT) .. " ms waiting for " .. what, 2)
  end
end

local function open(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

--- Byte position (0-based row, col) of the first `needle` in the buffer.
local function find(bufnr, needle)
  for row, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return row - 1, col - 1
    end
  end
  error(string.format("%q not found in %s", needle, vim.api.nvim_buf_get_name(bufnr)), 2)
end

local function client_of(bufnr)
  return vim.lsp.get_clients({ bufnr = bufnr, name = "byline" })[1]
end

local function attached(bufnr)
  local client
  wait_for("the byline client to attach to " .. vim.fs.basename(vim.api.nvim_buf_get_name(bufnr)), function()
    client = client_of(bufnr)
    return client ~= nil and client.initialized
  end)
  return client
end

local function put_cursor(bufnr, needle, offset)
  local row, col = find(bufnr, needle)
  vim.api.nvim_win_set_cursor(0, { row + 1, col + (offset or 0) })
  return row, col
end

local function position_params(client)
  return vim.lsp.util.make_position_params(0, client.offset_encoding)
end

local function request(bufnr, method, params)
  local client = client_of(bufnr)
  local response, err = client:request_sync(method, params, TIMEOUT, bufnr)
  if not response then
    error(method .. " got no response: " .. tostring(err), 2)
  end
  if response.err then
    error(method .. " failed: " .. vim.inspect(response.err), 2)
  end
  return response.result
end

local function semantic_types_at(bufnr, row, col)
  local types = {}
  for _, token in ipairs(vim.inspect_pos(bufnr, row, col).semantic_tokens) do
    table.insert(types, token.opts.hl_group)
  end
  return types
end

local function has_hl(types, prefix)
  for _, group in ipairs(types) do
    if vim.startswith(group, prefix) then
      return true
    end
  end
  return false
end

local function floating_text()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      local buf = vim.api.nvim_win_get_buf(win)
      return table.concat(vim.api.nvim_buf_get_lines(buf, 0, -1, false), "\n"), win
    end
  end
end

local function close_floats()
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= "" then
      vim.api.nvim_win_close(win, true)
    end
  end
end

local function diagnostics(bufnr, want_mark)
  return vim.tbl_filter(function(d)
    return d.source == "byline" and (d.code == "mark") == want_mark
  end, vim.diagnostic.get(bufnr))
end

local function run()
  vim.cmd("filetype on")
  require("byline").setup({})
  vim.o.columns, vim.o.lines = 120, 40

  local voa = open(VOA)
  local client
  if not check("client attaches to an article in a byline.toml corpus", function()
    client = attached(voa)
    assert(vim.bo[voa].filetype == "text", "filetype is " .. vim.bo[voa].filetype)
    assert(client.root_dir == corpus, "root_dir " .. tostring(client.root_dir) .. ", expected " .. corpus)
  end) then
    return -- nothing else can pass without a server
  end

  check("marks arrive as hint diagnostics with code `mark`", function()
    wait_for("a `mark` diagnostic in the VOA article", function()
      return #diagnostics(voa, true) > 0
    end)
    local mark = diagnostics(voa, true)[1]
    assert(mark.severity == vim.diagnostic.severity.HINT, "mark severity " .. tostring(mark.severity))
    local config = vim.diagnostic.config(nil, mark.namespace)
    assert(
      type(config.underline) == "table" and config.underline.severity.min == vim.diagnostic.severity.INFO,
      "marks are underlined: " .. vim.inspect(config.underline)
    )
  end)

  local markdown_article = vim.fn.glob(corpus .. "/*.md", false, true)[1]
  if markdown_article then
    check("the client attaches to a Markdown article too", function()
      local md = open(markdown_article)
      assert(vim.bo[md].filetype == "markdown", "filetype is " .. vim.bo[md].filetype)
      local md_client = attached(md)
      assert(md_client.id == client.id, "a second byline client started for the same corpus")
      wait_for("marks in the Markdown article", function()
        return #diagnostics(md, true) > 0
      end)
    end)
  end

  check("no client for a text file outside any corpus", function()
    local outside = vim.fn.tempname() .. "-note.txt"
    vim.fn.writefile({ "A note that is not part of any corpus." }, outside)
    assert(vim.fs.root(outside, "byline.toml") == nil, "test setup: " .. outside .. " is inside a corpus")
    local note = open(outside)
    vim.wait(500, function()
      return false
    end, 50)
    assert(#vim.lsp.get_clients({ bufnr = note, name = "byline" }) == 0, "byline attached outside a corpus")
    vim.cmd("bwipeout! " .. note)
  end)

  local yonhap = open(YONHAP)
  check("a problem diagnostic (a rule code, not `mark`) arrives", function()
    attached(yonhap)
    wait_for("a problem diagnostic in either seed article", function()
      return #diagnostics(yonhap, false) + #diagnostics(voa, false) > 0
    end)
    local problem = diagnostics(yonhap, false)[1] or diagnostics(voa, false)[1]
    local known = {
      ["unbalanced-quote"] = true,
      ["unattributed-quote"] = true,
      ["unresolved-date"] = true,
      ["weekday-mismatch"] = true,
      ["boilerplate"] = true,
      ["duplicate-paragraph"] = true,
    }
    assert(known[problem.code], "unexpected problem code " .. tostring(problem.code))
    assert(problem.message and problem.message ~= "", "problem has no message")
  end)

  vim.api.nvim_set_current_buf(voa)
  check("a quote carries @lsp.type.quote", function()
    local row, col = find(voa, "wants a better relationship with the world")
    local types
    wait_for("a quote token on the Campbell quote", function()
      types = semantic_types_at(voa, row, col + 5)
      return has_hl(types, "@lsp.type.quote")
    end)
  end)

  check("reported speech carries @lsp.typemod.quote.reported, styled apart", function()
    -- `Campbell also said that the United States and South Korea hope for
    -- diplomatic solutions ...`: no quotation marks, so reported speech.
    local row, col = put_cursor(voa, "hope for diplomatic solutions", 1)
    vim.cmd("normal! zz")
    local types
    local ok = vim.wait(TIMEOUT, function()
      vim.cmd.redraw()
      types = semantic_types_at(voa, row, col + 1)
      return has_hl(types, "@lsp.typemod.quote.reported")
    end, 20)
    assert(ok, "tokens in the reported statement: " .. vim.inspect(types))
    assert(has_hl(types, "@lsp.mod.reported"), vim.inspect(types))
    -- A quotation in marks does not carry the modifier.
    local qrow, qcol = find(voa, "wants a better relationship with the world")
    local quoted = semantic_types_at(voa, qrow, qcol + 5)
    assert(not has_hl(quoted, "@lsp.mod.reported"), "a direct quote is marked reported: " .. vim.inspect(quoted))
    -- The default style is a group of its own, overridable, and differs
    -- from the plain quote's.
    local link = vim.api.nvim_get_hl(0, { name = "@lsp.typemod.quote.reported", link = true })
    assert(link.link == "BylineReportedSpeech", vim.inspect(link))
    local style = vim.api.nvim_get_hl(0, { name = "BylineReportedSpeech", link = false })
    local plain = vim.api.nvim_get_hl(0, { name = "@lsp.type.quote", link = false })
    assert(style.italic and not plain.italic, vim.inspect({ style, plain }))
  end)

  check("a person carries @lsp.type.person", function()
    -- A title-led name that is not a speaker (speakers carry their own type).
    -- Neovim paints tokens only on drawn lines, so bring the line into view.
    local row, col = put_cursor(voa, "Igor Morgulov", 1)
    vim.cmd("normal! zz")
    local types
    local ok = vim.wait(TIMEOUT, function()
      vim.cmd.redraw()
      types = semantic_types_at(voa, row, col + 1)
      return has_hl(types, "@lsp.type.person")
    end, 20)
    assert(ok, "tokens at Igor Morgulov: " .. vim.inspect(types))
  end)

  check("a speaker carries @lsp.type.speaker", function()
    local row, col = put_cursor(voa, "Kurt Campbell", 1)
    vim.cmd("normal! zz")
    local types
    local ok = vim.wait(TIMEOUT, function()
      vim.cmd.redraw()
      types = semantic_types_at(voa, row, col + 1)
      return has_hl(types, "@lsp.type.speaker")
    end, 20)
    assert(ok, "tokens at Kurt Campbell: " .. vim.inspect(types))
  end)

  check("default highlight links make marks visible", function()
    for _, type_name in ipairs(require("byline").token_types) do
      local hl = vim.api.nvim_get_hl(0, { name = "@lsp.type." .. type_name, link = true })
      assert(hl.link, "@lsp.type." .. type_name .. " is not linked")
    end
  end)

  check("hover on a person shows the entity card", function()
    put_cursor(voa, "Kurt Campbell", 1)
    close_floats()
    vim.lsp.buf.hover()
    local text
    wait_for("a hover window", function()
      text = floating_text()
      return text ~= nil
    end)
    assert(text:find("Campbell", 1, true), "hover text lacks the name:\n" .. text)
    assert(text:find("mention", 1, true), "hover is not an entity card (no mention count):\n" .. text)
    if vim.env.BYLINE_TEST_VERBOSE then
      log("hover:\n%s", text)
    end
    close_floats()
  end)

  check(":Byline entity shows the card from byline/entityAt", function()
    put_cursor(voa, "Kurt Campbell", 1)
    local result = request(voa, "byline/entityAt", position_params(client))
    assert(type(result) == "table", "entityAt returned " .. vim.inspect(result))
    assert(result.kind == "person", "kind " .. tostring(result.kind))
    assert(tostring(result.name):find("Campbell"), "name " .. tostring(result.name))
    close_floats()
    vim.cmd("Byline entity")
    local text
    wait_for("the entity float", function()
      text = floating_text()
      return text ~= nil
    end)
    assert(text:find("Campbell", 1, true), "entity float lacks the name:\n" .. text)
    close_floats()
  end)

  check("definition on a registered surname lands on its registry entry's name line", function()
    vim.api.nvim_set_current_buf(voa)
    put_cursor(voa, "Kurt Campbell", 6)
    vim.lsp.buf.definition()
    wait_for("the jump into entities.toml", function()
      return vim.api.nvim_buf_get_name(0) == REGISTRY
    end)
    local line = vim.api.nvim_get_current_line()
    assert(line:match('^name = "Kurt Campbell"'), "definition landed on: " .. line)
    assert(vim.bo.filetype == "toml", "entities.toml has filetype " .. vim.bo.filetype)
  end)

  local harbour = open(HARBOUR)
  check("definition on an unregistered surname goes to its defining mention", function()
    attached(harbour)
    put_cursor(harbour, "Sandgren told", 2)
    local before = vim.api.nvim_win_get_cursor(0)[1]
    vim.lsp.buf.definition()
    wait_for("the cursor to move to the defining mention", function()
      return vim.api.nvim_win_get_cursor(0)[1] ~= before
    end)
    assert(vim.api.nvim_get_current_buf() == harbour, "left the article: " .. vim.api.nvim_buf_get_name(0))
    assert(vim.api.nvim_get_current_line():find("Mayor Elin Sandgren", 1, true), "landed on: " .. vim.api.nvim_get_current_line())
  end)

  local followup = open(FOLLOWUP)
  attached(followup)
  vim.api.nvim_set_current_buf(followup)
  check("references count every mention the corpus holds", function()
    put_cursor(followup, "Campbell told reporters", 2)
    local params = position_params(client)
    params.context = { includeDeclaration = true }
    local refs = request(followup, "textDocument/references", params)
    assert(type(refs) == "table", "references returned " .. vim.inspect(refs))
    -- Every literal "Campbell" in the corpus is a mention of the same person
    -- (pronoun speakers may add more).
    local literal, files = 0, {}
    for _, path in ipairs(vim.fn.glob(corpus .. "/*.txt", false, true)) do
      local n = select(2, table.concat(vim.fn.readfile(path), "\n"):gsub("Campbell", ""))
      literal = literal + n
      if n > 0 then
        files[vim.uri_from_fname(path)] = true
      end
    end
    local seen, mentions, declarations = {}, 0, 0
    for _, loc in ipairs(refs) do
      seen[loc.uri] = true
      if loc.uri == vim.uri_from_fname(REGISTRY) then
        declarations = declarations + 1
      else
        mentions = mentions + 1
      end
    end
    for uri in pairs(files) do
      assert(seen[uri], "no reference in " .. uri)
    end
    -- From an article, references are the corpus's mentions; the registry
    -- entry is where definition goes, not one of them.
    assert(declarations == 0, string.format("%d references into entities.toml; expected only article mentions", declarations))
    assert(mentions >= literal, string.format("%d references, but the corpus has %d mentions of Campbell", mentions, literal))
    local card = request(followup, "byline/entityAt", params)
    assert(card and card.mentions == mentions, string.format("entityAt says %s mentions, references gave %d", card and card.mentions, mentions))
  end)

  check("byline/corpusStatistics counts the corpus and :Byline stats shows it", function()
    local stats = request(followup, "byline/corpusStatistics", vim.empty_dict())
    local articles = #vim.fn.glob(corpus .. "/*.txt", false, true) + #vim.fn.glob(corpus .. "/*.md", false, true)
    assert(stats.articles == articles, string.format("%s articles reported, %d on disk", stats.articles, articles))
    assert(stats.people > 0 and stats.quotes > 0, "no people or quotes: " .. vim.inspect(stats))
    local shown
    local notify = vim.notify
    vim.notify = function(msg)
      shown = msg
    end
    vim.cmd("Byline stats")
    vim.wait(TIMEOUT, function()
      return shown ~= nil
    end, 20)
    vim.notify = notify
    assert(shown and shown:find("Articles:%s+" .. articles), "stats message: " .. tostring(shown))
  end)

  check(":Byline report writes the corpus report and opens it with the system opener", function()
    local opened
    local ui_open = vim.ui.open
    vim.ui.open = function(path)
      opened = path
      return nil, nil
    end
    vim.cmd("Byline report")
    vim.wait(TIMEOUT * 2, function()
      return opened ~= nil
    end, 50)
    vim.ui.open = ui_open
    assert(opened, "the report was not opened")
    local page = table.concat(vim.fn.readfile(opened), "\n")
    local articles = #vim.fn.glob(corpus .. "/*.txt", false, true) + #vim.fn.glob(corpus .. "/*.md", false, true)
    assert(page:find('data-metric="articles" data-value="' .. articles .. '"', 1, true), "the report does not count the corpus")
  end)

  local function buffer_text(bufnr)
    return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
  end
  local registry_on_disk = table.concat(vim.fn.readfile(REGISTRY), "\n")

  check("code action adds an unregistered person to entities.toml, and :undo removes it", function()
    vim.api.nvim_set_current_buf(harbour)
    put_cursor(harbour, "Elin Sandgren", 2)
    local offered = {}
    vim.lsp.buf.code_action({
      apply = true,
      filter = function(action)
        table.insert(offered, action.title)
        return action.title:find("Add `Elin Sandgren` to entities.toml", 1, true) ~= nil
      end,
    })
    local registry
    local added = vim.wait(TIMEOUT, function()
      registry = vim.fn.bufnr(REGISTRY)
      return registry > 0 and vim.api.nvim_buf_is_loaded(registry) and buffer_text(registry):find('name = "Elin Sandgren"', 1, true) ~= nil
    end, 20)
    assert(added, "no new entry in the entities.toml buffer; actions offered: " .. vim.inspect(offered))
    local text = buffer_text(registry)
    assert(text:find("Mayor", 1, true), "the new entry lacks the title seen in the article:\n" .. text:sub(-400))
    assert(vim.startswith(text, registry_on_disk), "the edit changed more than the end of entities.toml")
    -- Nothing is written behind the user's back: the edit waits in the buffer.
    assert(vim.bo[registry].modified, "the registry buffer is not marked modified")
    assert(table.concat(vim.fn.readfile(REGISTRY), "\n") == registry_on_disk, "entities.toml was written to disk")
    assert(client_of(registry), "no byline client on the edited registry buffer")

    vim.api.nvim_set_current_buf(registry)
    vim.cmd("silent undo")
    assert(buffer_text(registry) == registry_on_disk, "undo left:\n" .. buffer_text(registry):sub(-400))
    assert(not vim.bo[registry].modified, "the registry buffer is still modified after undo")
  end)

  local registry_buf = open(REGISTRY)
  check("entities.toml attaches to the corpus's client; byline.toml and other TOML files do not", function()
    assert(vim.bo[registry_buf].filetype == "toml", "filetype " .. vim.bo[registry_buf].filetype)
    local registry_client = attached(registry_buf)
    assert(registry_client.id == client.id, "a second byline client started for the registry")
    local config = open(corpus .. "/byline.toml")
    local other_path = corpus .. "/notes.toml"
    vim.fn.writefile({ 'title = "not a registry"' }, other_path)
    local other = open(other_path)
    vim.wait(300, function()
      return false
    end, 50)
    assert(#vim.lsp.get_clients({ bufnr = config, name = "byline" }) == 0, "byline attached to byline.toml")
    assert(#vim.lsp.get_clients({ bufnr = other, name = "byline" }) == 0, "byline attached to notes.toml")
    vim.cmd("silent bwipeout! " .. other .. " " .. config)
    vim.fn.delete(other_path)
  end)

  check("byline.toml's registry list decides which TOML files are registries", function()
    local byline = require("byline")
    local named = byline.registry_files_in('[corpus]\ninclude = ["**/*.txt"]\n\n[registry]\nfiles = [\n  "people.toml", # ours\n  \'orgs.toml\',\n]\n')
    assert(vim.deep_equal(named, { "people.toml", "orgs.toml" }), vim.inspect(named))
    assert(vim.deep_equal(byline.registry_files_in('[corpus]\nregistry = ["who.toml"]\n'), { "who.toml" }))
    assert(vim.deep_equal(byline.registry_files_in('[export]\nfiles = ["x.toml"]\n'), { "entities.toml" }))
    assert(byline.is_registry_file(corpus, REGISTRY), "the fixture corpus's entities.toml is not its registry")
    assert(not byline.is_registry_file(corpus, corpus .. "/byline.toml"), "byline.toml counted as a registry")
  end)

  check("the registry's code lenses show each entry's mention counts", function()
    vim.api.nvim_set_current_buf(registry_buf)
    -- The lens sits on the entry's first line, its `[[person]]` header.
    local row = find(registry_buf, 'name = "Kurt Campbell"')
    local lines = vim.api.nvim_buf_get_lines(registry_buf, 0, row, false)
    while row > 0 and not lines[row]:match("^%[%[person%]%]") do
      row = row - 1
    end
    row = row - 1
    local lenses
    wait_for("code lenses in entities.toml", function()
      lenses = vim.lsp.codelens.get(registry_buf)
      return #lenses > 0
    end)
    local on_campbell
    for _, lens in ipairs(lenses) do
      if lens.range.start.line == row then
        on_campbell = lens
      end
    end
    assert(on_campbell and on_campbell.command, "no lens on line " .. row + 1 .. " (Kurt Campbell's entry): " .. vim.inspect(lenses[1]))
    assert(on_campbell.command.title:find("mention"), "lens title: " .. on_campbell.command.title)
  end)

  check("completion offers registry ids inside an affiliation", function()
    vim.api.nvim_set_current_buf(registry_buf)
    local row, col = find(registry_buf, 'affiliation = "us-state-department"')
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(registry_buf) },
      position = { line = row, character = col + #'affiliation = "us-' },
    }
    local result = request(registry_buf, "textDocument/completion", params)
    local items = result and (result.items or result) or {}
    local labels = vim.tbl_map(function(item)
      return item.label
    end, items)
    assert(vim.tbl_contains(labels, "us-state-department"), "completion offered: " .. vim.inspect(labels))
  end)

  check("a broken entities.toml gets diagnostics, which go away with the fix", function()
    vim.api.nvim_set_current_buf(registry_buf)
    local function registry_problems(code)
      return vim.tbl_filter(function(d)
        return d.code == code
      end, vim.diagnostic.get(registry_buf))
    end
    local last = vim.api.nvim_buf_line_count(registry_buf)
    vim.api.nvim_buf_set_lines(registry_buf, last, last, false, { "", "[[person]]", 'id = "kurt-campbell"', 'name = "Kurt Campbell Jr."' })
    wait_for("a duplicate-id diagnostic", function()
      return #registry_problems("duplicate-id") > 0
    end)
    local duplicate = registry_problems("duplicate-id")[1]
    assert(duplicate.lnum >= last, "duplicate-id reported on line " .. duplicate.lnum + 1 .. ", not on the new entry")
    vim.cmd("silent undo")
    wait_for("the duplicate-id diagnostic to clear after undo", function()
      return #registry_problems("duplicate-id") == 0
    end)
    vim.api.nvim_buf_set_lines(registry_buf, last, last, false, { "", "[[person]]", 'name = "Unclosed' })
    wait_for("a registry-syntax diagnostic", function()
      return #registry_problems("registry-syntax") > 0
    end)
    local syntax = registry_problems("registry-syntax")[1]
    assert(syntax.lnum >= last, "syntax error reported on line " .. syntax.lnum + 1)
    vim.cmd("silent undo")
    wait_for("the syntax diagnostic to clear after undo", function()
      return #registry_problems("registry-syntax") == 0
    end)
    assert(buffer_text(registry_buf) == registry_on_disk, "undo did not restore entities.toml")
  end)

  check("a brat .ann buffer in the corpus attaches (filetype brat)", function()
    -- Never written to disk: the corpus keeps no annotations for the harbour article.
    local ann = open(corpus .. "/901_editors_harbour.ann")
    assert(vim.bo[ann].filetype == "brat", "filetype " .. vim.bo[ann].filetype)
    local ann_client = attached(ann)
    assert(ann_client.id == client.id, "a second byline client started for the .ann file")
    vim.cmd("bwipeout! " .. ann)
  end)

  check("accepting a detected mark writes it into the article's .ann", function()
    local ann_path = corpus .. "/901_editors_harbour.ann"
    assert(vim.fn.filereadable(ann_path) == 0, "test setup: " .. ann_path .. " already exists")
    vim.api.nvim_set_current_buf(harbour)
    local row, col = put_cursor(harbour, "Elin Sandgren", 2)
    vim.cmd("normal! zz")
    local offered = {}
    vim.lsp.buf.code_action({
      apply = true,
      filter = function(action)
        table.insert(offered, action.title)
        return action.title:find("^Accept %a+ `Elin Sandgren` into 901_editors_harbour%.ann") ~= nil
      end,
    })
    local ann
    local accepted = vim.wait(TIMEOUT, function()
      ann = vim.fn.bufnr(ann_path)
      return ann > 0 and vim.api.nvim_buf_is_loaded(ann) and buffer_text(ann):find("Elin Sandgren", 1, true) ~= nil
    end, 20)
    assert(accepted, "the accepted mark is not in the .ann buffer; actions offered: " .. vim.inspect(offered))
    -- brat: `T<n> TAB <Type> <start> <end> TAB <text>`, character offsets
    -- into the article (ASCII up to the name, so bytes count the same).
    local article = table.concat(vim.fn.readfile(HARBOUR), "\n")
    local start = assert(article:find("Elin Sandgren", 1, true)) - 1
    local expected = string.format("^T%%d+\tPerson %d %d\tElin Sandgren$", start, start + #"Elin Sandgren")
    local lines = vim.api.nvim_buf_get_lines(ann, 0, -1, false)
    assert(vim.iter(lines):any(function(line)
      return line:match(expected) ~= nil
    end), "no text-bound annotation for the name in:\n" .. table.concat(lines, "\n"))
    assert(client_of(ann), "no byline client on the .ann buffer")

    local types
    local ok = vim.wait(TIMEOUT, function()
      vim.cmd.redraw()
      types = semantic_types_at(harbour, row, col + 1)
      return has_hl(types, "@lsp.mod.annotated")
    end, 20)
    assert(ok, "the accepted name does not carry @lsp.mod.annotated: " .. vim.inspect(types))

    vim.api.nvim_set_current_buf(ann)
    vim.cmd("silent undo")
    assert(not buffer_text(ann):find("Elin Sandgren", 1, true), "undo left the annotation:\n" .. buffer_text(ann))
    vim.api.nvim_set_current_buf(harbour)
    vim.cmd("silent! bwipeout! " .. ann)
    vim.fn.delete(ann_path)
  end)

  check("saving an edited article moves its .ann annotations along", function()
    local ann_path = corpus .. "/901_editors_harbour.ann"
    vim.api.nvim_set_current_buf(harbour)
    put_cursor(harbour, "Elin Sandgren", 2)
    vim.lsp.buf.code_action({
      apply = true,
      filter = function(action)
        return action.title:find("^Accept %a+ `Elin Sandgren` into 901_editors_harbour%.ann") ~= nil
      end,
    })
    local article = table.concat(vim.api.nvim_buf_get_lines(harbour, 0, -1, false), "\n")
    local start = assert(article:find("Elin Sandgren", 1, true)) - 1
    local function annotated_at(offset)
      local ann = vim.fn.bufnr(ann_path)
      if ann <= 0 or not vim.api.nvim_buf_is_loaded(ann) then
        return false
      end
      local want = string.format("^T%%d+\tPerson %d %d\tElin Sandgren$", offset, offset + #"Elin Sandgren")
      return vim.iter(vim.api.nvim_buf_get_lines(ann, 0, -1, false)):any(function(line)
        return line:match(want) ~= nil
      end)
    end
    wait_for("the accepted name in the .ann", function()
      return annotated_at(start)
    end)
    -- A headline prefix typed in the article and saved: the server answers
    -- the save with a workspace/applyEdit that moves the annotation by as
    -- many characters.
    local prefix = "UPDATED: "
    vim.api.nvim_set_current_buf(harbour)
    vim.api.nvim_buf_set_text(harbour, 0, 0, 0, 0, { prefix })
    vim.cmd("silent write")
    local ann = vim.fn.bufnr(ann_path)
    local moved = vim.wait(TIMEOUT, function()
      return annotated_at(start + #prefix)
    end, 20)
    assert(moved, "the .ann did not follow the edit:\n" .. table.concat(vim.api.nvim_buf_get_lines(ann, 0, -1, false), "\n"))
    -- Put the article back as it was on disk for the checks that follow.
    vim.api.nvim_set_current_buf(harbour)
    vim.cmd("silent undo")
    vim.cmd("silent write")
    vim.cmd("silent! bwipeout! " .. ann)
    vim.fn.delete(ann_path)
  end)

  check("the server's byline/status reaches the plugin", function()
    wait_for("a byline/status notification", function()
      return require("byline").status_by_client[client.id] ~= nil
    end)
  end)

  check("settings changed at runtime reach the server", function()
    vim.api.nvim_set_current_buf(voa)
    local byline = require("byline")
    byline.configure({ marks = { diagnostics = "off" }, rules = { boilerplate = "off" } })
    wait_for("marks and boilerplate problems to disappear after didChangeConfiguration", function()
      local codes = vim.tbl_map(function(d)
        return d.code
      end, diagnostics(voa, true))
      vim.list_extend(codes, vim.tbl_map(function(d)
        return d.code
      end, diagnostics(voa, false)))
      return not vim.tbl_contains(codes, "mark") and not vim.tbl_contains(codes, "boilerplate")
    end)
    byline.configure({ marks = { diagnostics = "hint" }, rules = { boilerplate = "warning" } })
    wait_for("marks to come back and boilerplate to become a warning", function()
      local warned = vim.tbl_filter(function(d)
        return d.code == "boilerplate" and d.severity == vim.diagnostic.severity.WARN
      end, diagnostics(voa, false))
      return #diagnostics(voa, true) > 0 and #warned > 0
    end)
  end)

  check("marks.reported = false in the settings leaves quotations only", function()
    vim.api.nvim_set_current_buf(voa)
    local byline = require("byline")
    local row, col = put_cursor(voa, "hope for diplomatic solutions", 1)
    vim.cmd("normal! zz")
    local function quote_here()
      vim.cmd.redraw()
      return has_hl(semantic_types_at(voa, row, col + 1), "@lsp.type.quote")
    end
    byline.configure({ marks = { reported = false } })
    wait_for("the reported statement to lose its quote token", function()
      return not quote_here()
    end)
    local qrow, qcol = put_cursor(voa, "wants a better relationship with the world", 5)
    vim.cmd("normal! zz")
    wait_for("the quotation to keep its quote token", function()
      vim.cmd.redraw()
      return has_hl(semantic_types_at(voa, qrow, qcol + 5), "@lsp.type.quote")
    end)
    byline.configure({ marks = { reported = true } })
    put_cursor(voa, "hope for diplomatic solutions", 1)
    vim.cmd("normal! zz")
    wait_for("the reported statement to come back", quote_here)
  end)

  check(":checkhealth byline finds the server", function()
    vim.api.nvim_set_current_buf(voa)
    vim.cmd("checkhealth byline")
    local text = table.concat(vim.api.nvim_buf_get_lines(0, 0, -1, false), "\n")
    assert(text:find("corpus root", 1, true), "health report lacks the corpus:\n" .. text)
    assert(text:find("entity registry: " .. REGISTRY, 1, true), "health report lacks the registry:\n" .. text)
    assert(not text:find("ERROR", 1, true), "health report has errors:\n" .. text)
    vim.cmd("bwipeout")
  end)

  if output_dir then
    check("render the highlighted article for the README screenshot", function()
      -- The README picture uses the GUI colours of the default scheme.
      vim.o.termguicolors = true
      vim.o.background = "dark"
      vim.cmd.colorscheme("default")
      vim.api.nvim_set_current_buf(voa)
      -- Tokens are painted only on drawn lines: draw all the rendered ones.
      vim.o.lines = 120
      vim.api.nvim_win_set_cursor(0, { 1, 0 })
      vim.cmd.redraw()
      local render = dofile(vim.fs.dirname(debug.getinfo(1, "S").source:sub(2)) .. "/render_html.lua")
      local html = render.render(voa, 16, "Byline in Neovim")
      vim.fn.writefile(html, output_dir .. "/nvim-marks.html")
    end)
  end

  check(":Byline restart replaces the client and keeps serving the buffer", function()
    vim.api.nvim_set_current_buf(voa)
    local old_id = client_of(voa).id
    vim.cmd("Byline restart")
    local fresh
    wait_for("a new byline client on the VOA article", function()
      fresh = client_of(voa)
      return fresh ~= nil and fresh.id ~= old_id and fresh.initialized
    end)
    assert(vim.lsp.get_client_by_id(old_id) == nil or vim.lsp.get_client_by_id(old_id):is_stopped(), "the old client still runs")
    wait_for("marks from the restarted server", function()
      return #diagnostics(voa, true) > 0
    end)
  end)
end

local function finish()
  log("%d passed, %d failed", passed, #failures)
  -- Shut the servers down before quitting: exiting while a client still
  -- writes to a server that already went away ends Neovim with SIGPIPE.
  local clients = vim.lsp.get_clients()
  -- Let requests in flight (code lenses, semantic tokens after the last
  -- edits) finish first: a reply arriving after `exit` makes the client
  -- write to a closed pipe too.
  pcall(vim.api.nvim_del_augroup_by_name, "byline.attach")
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    pcall(vim.api.nvim_del_augroup_by_name, "byline.codelens." .. buf)
  end
  vim.wait(2000, function()
    return vim.iter(clients):all(function(c)
      return next(c.requests) == nil
    end)
  end, 20)
  for _, c in ipairs(clients) do
    c:stop()
  end
  vim.wait(3000, function()
    return vim.iter(clients):all(function(c)
      return c:is_stopped()
    end)
  end, 20)
  if #failures > 0 then
    local state = vim.env.XDG_STATE_HOME
    local lsp_log = state and (state .. "/nvim/lsp.log")
    if lsp_log and vim.uv.fs_stat(lsp_log) then
      log("---- %s (server stderr) ----", lsp_log)
      for _, line in ipairs(vim.fn.readfile(lsp_log, "", -40)) do
        log("%s", line)
      end
    end
    vim.cmd("cquit! 1")
  else
    vim.cmd("qall!")
  end
end

vim.api.nvim_create_autocmd("VimEnter", {
  once = true,
  callback = function()
    vim.schedule(function()
      local ok, err = xpcall(run, debug.traceback)
      if not ok then
        table.insert(failures, "test runner")
        log("FAIL test runner\n%s", err)
      end
      finish()
    end)
  end,
})
