// Opens a `byline report` page in headless Chromium from disk and checks it
// as a reader sees it: no console error, no request leaves the file, the
// numbers on the page equal `byline entities --format json` and `byline
// check --format json` of the same corpus, and the article table sorts and
// filters.
// Usage: node check.mjs --page report.html --entities e.json [--check c.json]
//          --playwright DIR [--screenshot out.png]
import { parseArgs } from "node:util";
import { readFileSync, rmSync } from "node:fs";
import { resolve } from "node:path";
import { createRequire } from "node:module";
import { pathToFileURL } from "node:url";
import { launchChromium } from "../chromium.mjs";

const require = createRequire(import.meta.url);
const { values: args } = parseArgs({
  options: {
    page: { type: "string" },
    entities: { type: "string" },
    check: { type: "string" },
    playwright: { type: "string" },
    screenshot: { type: "string" },
  },
});
for (const required of ["page", "entities", "playwright"]) {
  if (!args[required]) throw new Error(`--${required} is required`);
}
const { chromium } = require(args.playwright);
const entities = JSON.parse(readFileSync(args.entities, "utf8"));
const check = args.check ? JSON.parse(readFileSync(args.check, "utf8")) : null;

let failures = 0;
function expect(ok, message) {
  if (ok) return;
  failures += 1;
  console.error(`FAIL ${args.page}: ${message}`);
}

const { context, profile } = await launchChromium(chromium, { name: "report", viewport: { width: 1280, height: 900 } });
try {
  const page = context.pages()[0] ?? (await context.newPage());
  const problems = [];
  page.on("console", (m) => { if (m.type() === "error") problems.push(`console: ${m.text()}`); });
  page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
  page.on("request", (r) => { if (!r.url().startsWith("file:")) problems.push(`request: ${r.url()}`); });
  await page.goto(pathToFileURL(resolve(args.page)).href, { waitUntil: "load" });
  expect((await page.locator("svg").count()) >= 4, "the charts are on the page");

  const metric = async (name) => {
    const el = page.locator(`[data-metric="${name}"]`);
    return (await el.count()) ? Number(await el.first().getAttribute("data-value")) : null;
  };
  expect((await metric("articles")) === entities.articles, `articles: page ${await metric("articles")}, entities ${entities.articles}`);

  // Every entity row on the page equals byline entities' row for it.
  const rows = await page.$$eval("#entity-table tbody tr", (trs) =>
    trs.map((tr) => ({
      name: tr.dataset.name,
      id: tr.dataset.id,
      kind: tr.cells[1].textContent,
      values: Array.from(tr.querySelectorAll("td[data-value]")).map((td) => Number(td.dataset.value)),
    })));
  expect(rows.length === Math.min(200, entities.entities.length), `entity rows: ${rows.length}`);
  const key = (name, id) => `${id || ""}\u0000${name}`;
  const expected = new Map(entities.entities.map((e) => [key(e.name, e.id), e]));
  for (const row of rows) {
    const e = expected.get(key(row.name, row.id));
    if (!e) { expect(false, `entity ${row.name} is not in byline entities`); continue; }
    const want = [e.mentions, e.articles, e.quotes];
    expect(JSON.stringify(row.values) === JSON.stringify(want) && row.kind === e.kind,
      `entity ${row.name}: page ${row.kind} ${row.values}, entities ${e.kind} ${want}`);
  }
  // What the reader sees is what data-value says.
  const shownMentions = await page.locator("#entity-table tbody tr").first().locator("td").nth(3).textContent();
  expect(Number(shownMentions.replace(/\D/g, "")) === entities.entities[0].mentions, `shown mentions ${shownMentions}`);

  if (check) {
    expect((await metric("problems-total")) === check.problems.length,
      `problems: page ${await metric("problems-total")}, check ${check.problems.length}`);
    const byRule = {};
    for (const p of check.problems) byRule[p.code] = (byRule[p.code] || 0) + 1;
    const pageRules = await page.$$eval("#rules tbody tr", (trs) =>
      Object.fromEntries(trs.map((tr) => [tr.dataset.rule, Number(tr.cells[1].dataset.value)])));
    expect(JSON.stringify(Object.entries(pageRules).sort()) === JSON.stringify(Object.entries(byRule).sort()),
      `problems by rule: page ${JSON.stringify(pageRules)}, check ${JSON.stringify(byRule)}`);
  }

  // The article table: one row per article (up to its limit), sorting and filtering work.
  const table = page.locator("#article-table tbody tr");
  const total = await table.count();
  expect(total === Math.min(entities.articles, 5000), `article rows: ${total}`);
  await page.locator("#article-table th", { hasText: "quotes" }).click();
  const quotes = await page.$$eval("#article-table tbody tr", (trs) => trs.map((tr) => Number(tr.cells[3].dataset.value)));
  expect(quotes.every((q, i) => i === 0 || quotes[i - 1] >= q), "sorted by quotes, most first");
  const firstTitle = (await table.first().locator("td").nth(1).textContent()).trim().split(/\s+/).slice(0, 3).join(" ");
  await page.fill("#filter", firstTitle);
  const visible = await page.$$eval("#article-table tbody tr", (trs) => trs.filter((tr) => !tr.hidden).length);
  expect(visible >= 1 && (visible < total || total === 1), `filter "${firstTitle}" shows ${visible} of ${total}`);
  expect((await page.locator("#shown-count").textContent()).startsWith(`${visible} of`), "the count of shown rows");
  await page.fill("#filter", "");
  const link = await table.first().locator("a").first().getAttribute("href").catch(() => null);
  expect(link !== null && !/^https?:/.test(link), `articles link to their files: ${link}`);

  if (args.screenshot) {
    await page.goto(pathToFileURL(resolve(args.page)).href, { waitUntil: "load" });
    await page.setViewportSize({ width: 1280, height: 1500 });
    await page.screenshot({ path: args.screenshot, fullPage: false });
  }
  for (const p of problems) expect(false, p);
} finally {
  await context.close();
  rmSync(profile, { recursive: true, force: true });
}
if (failures) process.exit(1);
console.log(`ok ${args.page}`);
