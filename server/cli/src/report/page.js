// The report's only behaviour: sort the tables by a column, filter the
// article table. No library, no network.
(function () {
  "use strict";
  function cellValue(row, column, numeric) {
    var cell = row.cells[column];
    if (!cell) return numeric ? 0 : "";
    if (numeric) return Number(cell.getAttribute("data-value") || 0);
    return cell.textContent.trim().toLowerCase();
  }
  document.querySelectorAll("table.sortable").forEach(function (table) {
    var headers = table.querySelectorAll("th");
    headers.forEach(function (th, column) {
      th.addEventListener("click", function () {
        var numeric = th.getAttribute("data-sort") === "num";
        var ascending = th.getAttribute("aria-sort") !== "ascending";
        if (numeric && !th.hasAttribute("aria-sort")) ascending = false;
        headers.forEach(function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
        var body = table.tBodies[0];
        var rows = Array.prototype.slice.call(body.rows);
        rows.sort(function (a, b) {
          var x = cellValue(a, column, numeric), y = cellValue(b, column, numeric);
          var order = x < y ? -1 : x > y ? 1 : 0;
          return ascending ? order : -order;
        });
        rows.forEach(function (row) { body.appendChild(row); });
      });
    });
  });
  var table = document.getElementById("article-table");
  var filter = document.getElementById("filter");
  var onlyProblems = document.getElementById("only-problems");
  var count = document.getElementById("shown-count");
  if (!table || !filter || !onlyProblems || !count) return;
  function apply() {
    var words = filter.value.toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    Array.prototype.forEach.call(table.tBodies[0].rows, function (row) {
      var text = row.textContent.toLowerCase();
      var visible = words.every(function (w) { return text.indexOf(w) >= 0; }) &&
        (!onlyProblems.checked || row.getAttribute("data-problems") !== "0");
      row.hidden = !visible;
      if (visible) shown += 1;
    });
    count.textContent = shown + " of " + table.tBodies[0].rows.length + " shown";
  }
  filter.addEventListener("input", apply);
  onlyProblems.addEventListener("change", apply);
  apply();
})();
