-- Renders a buffer as HTML with the colours Neovim gives its LSP semantic
-- tokens and diagnostics, for the README screenshot. Neovim's own :TOhtml
-- skips semantic tokens, which are the whole point of the picture.
local M = {}

local function hex(n)
  return n and string.format("#%06x", n) or nil
end

local function escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

--- Per row, the semantic-token highlight spans {start_col, end_col, hl_group}.
local function token_spans(bufnr)
  local spans = {}
  for name, ns in pairs(vim.api.nvim_get_namespaces()) do
    if name:find("semantic_tokens", 1, true) then
      for _, mark in ipairs(vim.api.nvim_buf_get_extmarks(bufnr, ns, 0, -1, { details = true })) do
        local row, col, details = mark[2], mark[3], mark[4]
        if details.hl_group and details.end_row == row then
          spans[row] = spans[row] or {}
          table.insert(spans[row], { col, details.end_col, details.hl_group, details.priority or 0 })
        end
      end
    end
  end
  for _, row_spans in pairs(spans) do
    table.sort(row_spans, function(a, b)
      return a[4] < b[4]
    end)
  end
  return spans
end

local function style_of(groups)
  local fg, bold, underline
  for _, group in ipairs(groups) do
    local hl = vim.api.nvim_get_hl(0, { name = group, link = false })
    fg = hl.fg or fg
    bold = bold or hl.bold
  end
  return fg, bold, underline
end

---@param bufnr integer
---@param last_row integer  0-based, exclusive
---@return string[] html lines
function M.render(bufnr, last_row, title)
  local normal = vim.api.nvim_get_hl(0, { name = "Normal", link = false })
  local spans = token_spans(bufnr)
  local underlined = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    -- Hints (the marks) are not underlined by the plugin's default config.
    if d.lnum == d.end_lnum and d.severity ~= vim.diagnostic.severity.HINT then
      underlined[d.lnum] = underlined[d.lnum] or {}
      table.insert(underlined[d.lnum], { d.col, d.end_col, d.severity })
    end
  end
  local severity_colour = {
    hex(vim.api.nvim_get_hl(0, { name = "DiagnosticError", link = false }).fg),
    hex(vim.api.nvim_get_hl(0, { name = "DiagnosticWarn", link = false }).fg),
    hex(vim.api.nvim_get_hl(0, { name = "DiagnosticInfo", link = false }).fg),
    hex(vim.api.nvim_get_hl(0, { name = "DiagnosticHint", link = false }).fg),
  }
  local out = {
    "<!DOCTYPE html><html><head><meta charset='utf-8'><title>" .. escape(title) .. "</title><style>",
    string.format(
      "body{margin:0;background:%s;color:%s}.doc{margin:0;padding:12px;max-width:96ch;"
        .. "font:14px/1.45 'DejaVu Sans Mono',monospace}.nr{color:%s}.l{white-space:pre-wrap;padding-left:4ch;text-indent:-4ch;min-height:1.45em}",
      hex(normal.bg) or "#14161b",
      hex(normal.fg) or "#e0e2ea",
      hex(vim.api.nvim_get_hl(0, { name = "LineNr", link = false }).fg) or "#4f5258"
    ),
    "</style></head><body><div class='doc'>",
  }
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, last_row, false)
  for row0, line in ipairs(lines) do
    local row = row0 - 1
    local html = { string.format("<div class='l'><span class='nr'>%3d </span>", row0) }
    local run_start, run_key = 1, nil
    local function style_key(col)
      local groups = {}
      for _, span in ipairs(spans[row] or {}) do
        if col >= span[1] and col < span[2] then
          table.insert(groups, span[3])
        end
      end
      local wave
      for _, u in ipairs(underlined[row] or {}) do
        if col >= u[1] and col < u[2] and (not wave or u[3] < wave) then
          wave = u[3]
        end
      end
      return table.concat(groups, ",") .. "|" .. tostring(wave or "")
    end
    local function flush(upto)
      if upto < run_start then
        return
      end
      local text = escape(line:sub(run_start, upto))
      local groups_part, wave = run_key:match("^(.*)|(.*)$")
      local fg, bold = style_of(vim.split(groups_part, ",", { trimempty = true }))
      local css = {}
      if fg then
        table.insert(css, "color:" .. hex(fg))
      end
      if bold then
        table.insert(css, "font-weight:bold")
      end
      if wave ~= "" then
        table.insert(css, "text-decoration:underline wavy " .. (severity_colour[tonumber(wave)] or "gray"))
      end
      table.insert(html, #css > 0 and ("<span style='" .. table.concat(css, ";") .. "'>" .. text .. "</span>") or text)
    end
    for col = 0, #line - 1 do
      local key = style_key(col)
      if key ~= run_key then
        if run_key then
          flush(col)
        end
        run_start, run_key = col + 1, key
      end
    end
    if run_key then
      flush(#line)
    end
    table.insert(html, "</div>")
    table.insert(out, table.concat(html))
  end
  table.insert(out, "</div></body></html>")
  return out
end

return M
