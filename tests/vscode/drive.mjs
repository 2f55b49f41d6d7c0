// Drives VS Code (code-server) in headless Chromium and checks what the
// editor itself shows for the Byline extension: the Problems panel, the
// semantic token inspector, the hover card and F12 into another article.
//
//   node drive.mjs --url http://127.0.0.1:PORT/?folder=/corpus --corpus /corpus --out DIR
//
// Exit 0 when every check passes, 1 otherwise; each failure names the check
// and what the editor showed instead. Screenshots go to --out.
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createRequire } from "node:module";
import { launchChromium } from "../chromium.mjs";

const { values: args } = parseArgs({
  options: {
    url: { type: "string" },
    corpus: { type: "string" },
    out: { type: "string" },
    playwright: { type: "string" },
    timeout: { type: "string", default: "30000" },
    "stop-after-first-failure": { type: "boolean", default: false },
  },
});
for (const required of ["url", "corpus", "out", "playwright"]) {
  if (!args[required]) {
    console.error(`drive.mjs: --${required} is required`);
    process.exit(2);
  }
}
const require = createRequire(import.meta.url);
const { chromium } = require(args.playwright);
const TIMEOUT = Number(args.timeout);

const VOA = "000_93d8eec447f298ec.txt";
const YONHAP = "003_cc2c72248124e3e7.txt";
const FOLLOWUP = "900_editors_followup.txt";
const HARBOUR = "901_editors_harbour.txt";
const REGISTRY = "entities.toml";
const PROBLEM_CODES = [
  "unbalanced-quote",
  "unattributed-quote",
  "unresolved-date",
  "weekday-mismatch",
  "boilerplate",
  "duplicate-paragraph",
];

const results = [];
let shot = 0;

/** 1-based line and column (UTF-16 units, as VS Code counts) of `needle`. */
function locate(file, needle, offset = 0) {
  const lines = readFileSync(join(args.corpus, file), "utf8").split("\n");
  for (let i = 0; i < lines.length; i++) {
    const col = lines[i].indexOf(needle);
    if (col >= 0) {
      return { line: i + 1, column: col + 1 + offset };
    }
  }
  throw new Error(`"${needle}" is not in ${file}`);
}

/** The text of the editor's visible lines (what VS Code rendered). */
async function visibleText(page) {
  return (await page.locator(".monaco-editor .view-lines").first().innerText()).replace(/\u00a0/g, " ");
}

async function screenshot(page, name) {
  shot += 1;
  const file = join(args.out, `${String(shot).padStart(2, "0")}-${name}.png`);
  await page.screenshot({ path: file });
  return file;
}

async function check(page, name, body) {
  const started = Date.now();
  try {
    await body();
    results.push({ name, ok: true });
    console.log(`ok   ${name} (${Date.now() - started} ms)`);
  } catch (error) {
    results.push({ name, ok: false });
    const file = await screenshot(page, `FAILED-${name.replace(/[^a-z0-9]+/gi, "-").toLowerCase()}`).catch(() => "");
    console.log(`FAIL ${name}\n     ${String(error?.message ?? error).split("\n").join("\n     ")}\n     screenshot: ${file}`);
    if (args["stop-after-first-failure"]) {
      throw error;
    }
  }
}

async function runCommand(page, title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: TIMEOUT });
  await input.fill(`>${title}`);
  await page
    .locator(".quick-input-widget .monaco-list-row", { hasText: title })
    .first()
    .waitFor({ timeout: TIMEOUT });
  await page.keyboard.press("Enter");
}

async function openFile(page, file) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: TIMEOUT });
  await input.fill(file);
  // Until the list filters, it still shows the recently opened files, whose
  // first row Enter would open: wait for the focused row to be the file.
  await page
    .locator(".quick-input-widget .monaco-list-row.focused", { hasText: file })
    .first()
    .waitFor({ timeout: TIMEOUT });
  await page.keyboard.press("Enter");
  await page.locator(".tabs-container .tab.active", { hasText: file }).waitFor({ timeout: TIMEOUT });
  await page.locator(".monaco-editor .view-lines").first().waitFor({ timeout: TIMEOUT });
}

async function goTo(page, { line, column }) {
  await page.keyboard.press("Control+G");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ state: "visible", timeout: TIMEOUT });
  // Ctrl+G opens quick input with a ":" prefix; fill() replaces the whole value.
  await input.fill(`:${line}:${column}`);
  await page.keyboard.press("Enter");
  await page
    .locator(".statusbar-item", { hasText: `Ln ${line}, Col ${column}` })
    .first()
    .waitFor({ timeout: TIMEOUT })
    .catch(() => {
      throw new Error(`the cursor did not reach line ${line}, column ${column}`);
    });
}

async function main() {
  const { context, profile } = await launchChromium(chromium, { name: "vscode", viewport: { width: 1400, height: 860 } });
  const page = context.pages()[0] ?? (await context.newPage());
  try {
    await page.goto(args.url, { waitUntil: "domcontentloaded", timeout: 60000 });
    await page.locator(".monaco-workbench").waitFor({ timeout: 60000 });
    // The extension activates on workspaceContains:byline.toml; give the
    // workbench a moment to restore before typing into it.
    await page.locator(".explorer-folders-view, .welcome-view, .pane-body").first().waitFor({ timeout: 60000 }).catch(() => {});

    await check(page, "Problems panel lists Byline problems", async () => {
      await openFile(page, YONHAP);
      await openFile(page, VOA);
      await page.keyboard.press("Control+Shift+M");
      const rows = page.locator(".markers-panel .monaco-list-row");
      const deadline = Date.now() + TIMEOUT;
      let texts = [];
      while (Date.now() < deadline) {
        texts = await rows.allInnerTexts();
        if (texts.some((t) => PROBLEM_CODES.some((code) => t.includes(code)))) {
          break;
        }
        await page.waitForTimeout(250);
      }
      await screenshot(page, "problems");
      const found = PROBLEM_CODES.filter((code) => texts.some((t) => t.includes(code)));
      if (found.length === 0) {
        const status = await page
          .locator("#byline\\.byline\\.byline\\.status, .statusbar-item:has-text('Byline')")
          .first()
          .getAttribute("aria-label", { timeout: 2000 })
          .catch(() => "(no Byline status bar item)");
        throw new Error(
          `no Byline problem code in the Problems panel; rows: ${JSON.stringify(texts.slice(0, 8))}; ` +
            `status bar: ${JSON.stringify(status)} (is the server command right? see the Byline output channel)`,
        );
      }
      if (!texts.some((t) => t.includes("byline"))) {
        throw new Error(`Problems rows do not name the source "byline": ${JSON.stringify(texts.slice(0, 8))}`);
      }
      await page.keyboard.press("Control+Shift+M"); // hide the panel again
    });

    const inspectTokenAt = async (file, needle, offset) => {
      await openFile(page, file);
      await page.locator(".monaco-editor .view-lines").first().click();
      await goTo(page, locate(file, needle, offset));
      await runCommand(page, "Developer: Inspect Editor Tokens and Scopes");
      const widget = page.locator(".token-inspect-widget");
      await widget.waitFor({ timeout: TIMEOUT });
      // The semantic part of the widget fills in once the tokens are there.
      const deadline = Date.now() + TIMEOUT;
      let text = "";
      while (Date.now() < deadline) {
        text = await widget.innerText();
        if (/semantic token type/i.test(text)) break;
        await page.waitForTimeout(200);
      }
      return text;
    };

    await check(page, "token inspector reports the quote token type", async () => {
      let text = "";
      const deadline = Date.now() + TIMEOUT;
      while (Date.now() < deadline) {
        text = await inspectTokenAt(VOA, "wants a better relationship with the world", 2);
        if (/semantic token type\s*quote/i.test(text)) break;
        await page.keyboard.press("Escape");
        await page.waitForTimeout(500);
      }
      await screenshot(page, "inspect-quote");
      await page.keyboard.press("Escape");
      if (!/semantic token type\s*quote/i.test(text)) {
        throw new Error(`inspector at the Campbell quote shows:\n${text}`);
      }
    });

    // `Campbell also said that ... hope for diplomatic solutions ...`:
    // reported speech, a quote with the modifier `reported`, which the
    // extension styles in italics (semanticTokenScopes quote.reported).
    await check(page, "token inspector reports reported speech as a quote with its own style", async () => {
      let text = "";
      const deadline = Date.now() + TIMEOUT;
      while (Date.now() < deadline) {
        text = await inspectTokenAt(VOA, "hope for diplomatic solutions", 2);
        if (/semantic token type\s*quote/i.test(text) && /reported/.test(text)) break;
        await page.keyboard.press("Escape");
        await page.waitForTimeout(500);
      }
      await screenshot(page, "inspect-reported");
      await page.keyboard.press("Escape");
      if (!/semantic token type\s*quote/i.test(text) || !/modifiers?\s*reported/i.test(text)) {
        throw new Error(`inspector in the reported statement shows:\n${text}`);
      }
      if (!/italic/i.test(text)) {
        throw new Error(`reported speech has no style of its own (no italic) in the inspector:\n${text}`);
      }
    });

    // A title-led name that is not a speaker (speakers carry their own type).
    await check(page, "token inspector reports the person token type", async () => {
      const text = await inspectTokenAt(VOA, "Igor Morgulov", 2);
      await screenshot(page, "inspect-person");
      await page.keyboard.press("Escape");
      if (!/semantic token type\s*person/i.test(text)) {
        throw new Error(`inspector at Igor Morgulov shows:\n${text}`);
      }
    });

    await check(page, "hover shows the entity card", async () => {
      await openFile(page, VOA);
      await page.locator(".monaco-editor .view-lines").first().click();
      await goTo(page, locate(VOA, "Kurt Campbell", 2));
      // The hover shows the mark diagnostics at once and the server's card
      // when it arrives, so wait for the card, not just for a hover.
      const hover = page.locator(".monaco-hover:not(.hidden)", { hasText: "Campbell" });
      const isCard = (t) => /\d+ mentions?/.test(t);
      let text = "";
      const deadline = Date.now() + TIMEOUT;
      let shownAt = 0;
      while (Date.now() < deadline && !isCard(text)) {
        const stale = shownAt > 0 && Date.now() - shownAt > 3000;
        if (stale) await page.keyboard.press("Escape"); // ask again: the server may still have been indexing
        if (stale || !(await hover.first().isVisible().catch(() => false))) {
          await page.keyboard.press("Control+K");
          await page.keyboard.press("Control+I");
          await hover.first().waitFor({ timeout: 2000 }).catch(() => {});
          shownAt = Date.now();
        }
        text = await hover.first().innerText({ timeout: 1000 }).catch(() => "");
        if (!isCard(text)) await page.waitForTimeout(200);
      }
      await screenshot(page, "hover");
      await page.keyboard.press("Escape");
      if (!text.includes("Campbell")) {
        const any = await page.locator(".monaco-hover").allInnerTexts();
        throw new Error(`no hover card naming Campbell; hovers: ${JSON.stringify(any)}`);
      }
      if (!isCard(text)) {
        throw new Error(`the hover names Campbell but is not an entity card (no mention count):\n${text}`);
      }
    });

    const cursorLine = async () => {
      const text = await page.locator(".statusbar-item", { hasText: /Ln \d+, Col \d+/ }).first().innerText();
      return Number(/Ln (\d+)/.exec(text)?.[1]);
    };

    await check(page, "F12 on Campbell opens entities.toml on Kurt Campbell's name line", async () => {
      await openFile(page, VOA);
      await page.locator(".monaco-editor .view-lines").first().click();
      await goTo(page, locate(VOA, "Kurt Campbell", 7));
      await page.waitForTimeout(300);
      await page.keyboard.press("F12");
      const landed = page.locator(".tabs-container .tab.active", { hasText: REGISTRY });
      await landed.waitFor({ timeout: TIMEOUT }).catch(async () => {
        const active = await page.locator(".tabs-container .tab.active").allInnerTexts();
        throw new Error(`F12 on "Campbell" did not open ${REGISTRY}; active tab: ${JSON.stringify(active)}`);
      });
      const expected = locate(REGISTRY, 'name = "Kurt Campbell"').line;
      const deadline = Date.now() + TIMEOUT;
      let line = await cursorLine();
      while (line !== expected && Date.now() < deadline) {
        await page.waitForTimeout(100);
        line = await cursorLine();
      }
      await screenshot(page, "definition-registry");
      if (line !== expected) {
        throw new Error(`F12 landed on line ${line} of ${REGISTRY}, not on Kurt Campbell's name line ${expected}`);
      }
    });

    await check(page, "F12 on an unregistered surname goes to its defining mention", async () => {
      await openFile(page, HARBOUR);
      await page.locator(".monaco-editor .view-lines").first().click();
      await goTo(page, locate(HARBOUR, "Sandgren told", 2));
      await page.waitForTimeout(300);
      await page.keyboard.press("F12");
      const expected = locate(HARBOUR, "Mayor Elin Sandgren").line;
      const deadline = Date.now() + TIMEOUT;
      let line = await cursorLine();
      while (line !== expected && Date.now() < deadline) {
        await page.waitForTimeout(100);
        line = await cursorLine();
      }
      await screenshot(page, "definition-unregistered");
      if (line !== expected) {
        throw new Error(`F12 on "Sandgren" left the cursor on line ${line}, not on the defining mention (line ${expected})`);
      }
    });

    await check(page, "the registry shows code lenses with mention counts", async () => {
      await openFile(page, REGISTRY);
      await page.locator(".monaco-editor .view-lines").first().click();
      await goTo(page, locate(REGISTRY, 'name = "Kurt Campbell"'));
      const lens = page.locator(".monaco-editor .codelens-decoration", { hasText: /\d+ mentions?/ });
      await lens.first().waitFor({ timeout: TIMEOUT }).catch(async () => {
        const any = await page.locator(".monaco-editor .codelens-decoration").allInnerTexts();
        throw new Error(`no code lens with a mention count in ${REGISTRY}; lenses: ${JSON.stringify(any.slice(0, 5))}`);
      });
      await screenshot(page, "registry-lenses");
    });

    await check(page, "the registry's own problems reach the Problems panel", async () => {
      // The fixture registry lets four Kims share the alias `Kim` on purpose:
      // rule shared-alias reports each claim (an info).
      await openFile(page, REGISTRY);
      await page.keyboard.press("Control+Shift+M");
      // The panel lists the articles' problems first and draws only the rows
      // in view: filter it down to the registry.
      const filter = page.locator(".viewpane-filter input, .markers-panel-action-filter input").first();
      await filter.fill(`**/${REGISTRY}`);
      const rows = page.locator(".markers-panel .monaco-list-row", { hasText: "shared-alias" });
      await rows.first().waitFor({ timeout: TIMEOUT }).catch(async () => {
        const texts = await page.locator(".markers-panel .monaco-list-row").allInnerTexts();
        throw new Error(`no shared-alias problem from ${REGISTRY}; rows: ${JSON.stringify(texts.slice(0, 8))}`);
      });
      const text = await rows.first().innerText();
      await screenshot(page, "registry-problems");
      await filter.fill("");
      if (!text.includes("Kim")) {
        throw new Error(`the shared-alias problem does not name the alias: ${text}`);
      }
      await runCommand(page, "View: Hide Panel").catch(() => {});
    });

    await check(page, "Ctrl+. adds an unregistered name to entities.toml, and undo reverts it", async () => {
      const title = "Add `Elin Sandgren` to entities.toml";
      await openFile(page, HARBOUR);
      await page.locator(".monaco-editor .view-lines").first().click();
      await goTo(page, locate(HARBOUR, "Elin Sandgren", 2));
      const item = page.locator(".action-widget .monaco-list-row", { hasText: "Elin Sandgren" });
      const deadline = Date.now() + TIMEOUT;
      let offered = [];
      while (Date.now() < deadline) {
        await page.keyboard.press("Control+.");
        await page.locator(".action-widget").first().waitFor({ timeout: 3000 }).catch(() => {});
        offered = await page.locator(".action-widget .monaco-list-row").allInnerTexts().catch(() => []);
        if (await item.first().isVisible().catch(() => false)) break;
        await page.keyboard.press("Escape"); // the server may still be indexing: ask again
        await page.waitForTimeout(500);
      }
      await screenshot(page, "quick-fix-menu");
      if (!offered.some((t) => t.includes(title))) {
        throw new Error(`Ctrl+. did not offer "${title}"; offered: ${JSON.stringify(offered)}`);
      }
      const original = readFileSync(join(args.corpus, REGISTRY), "utf8");
      await item.filter({ hasText: title }).first().click();
      await openFile(page, REGISTRY);
      await page.locator(".monaco-editor .view-lines").first().click();
      await page.keyboard.press("Control+End");
      const added = () => visibleText(page).then((t) => t.includes('name = "Elin Sandgren"'));
      const addDeadline = Date.now() + TIMEOUT;
      while (!(await added()) && Date.now() < addDeadline) {
        await page.waitForTimeout(200);
        await page.keyboard.press("Control+End");
      }
      await screenshot(page, "registry-entry-added");
      if (!(await added())) {
        throw new Error(`the end of ${REGISTRY} does not show the new entry:\n${await visibleText(page)}`);
      }
      if (!(await visibleText(page)).includes("Mayor")) {
        throw new Error(`the new entry lacks the title seen in the article:\n${await visibleText(page)}`);
      }
      await page.keyboard.press("Control+Z");
      const undoDeadline = Date.now() + TIMEOUT;
      while ((await added()) && Date.now() < undoDeadline) {
        await page.waitForTimeout(200);
      }
      await page.keyboard.press("Control+End");
      await page.waitForTimeout(200);
      await screenshot(page, "registry-entry-undone");
      const after = await visibleText(page);
      if (after.includes("Elin Sandgren")) {
        throw new Error(`undo in ${REGISTRY} left the entry:\n${after}`);
      }
      const lastLine = original.trimEnd().split("\n").pop();
      if (!after.includes(lastLine.trim())) {
        throw new Error(`after undo the end of ${REGISTRY} is not its original last line ${JSON.stringify(lastLine)}:\n${after}`);
      }
    });

    await check(page, "Ctrl+. accepts a detected name into the article's .ann, and undo reverts it", async () => {
      const ann = HARBOUR.replace(/\.txt$/, ".ann");
      const accept = new RegExp(`Accept \\w+ \`Elin Sandgren\` into ${ann.replace(".", "\\.")}`);
      await openFile(page, HARBOUR);
      await page.locator(".monaco-editor .view-lines").first().click();
      await goTo(page, locate(HARBOUR, "Elin Sandgren", 2));
      const item = page.locator(".action-widget .monaco-list-row", { hasText: accept });
      const deadline = Date.now() + TIMEOUT;
      let offered = [];
      while (Date.now() < deadline) {
        await page.keyboard.press("Control+.");
        await page.locator(".action-widget").first().waitFor({ timeout: 3000 }).catch(() => {});
        offered = await page.locator(".action-widget .monaco-list-row").allInnerTexts().catch(() => []);
        if (await item.first().isVisible().catch(() => false)) break;
        await page.keyboard.press("Escape");
        await page.waitForTimeout(500);
      }
      await screenshot(page, "accept-menu");
      if (!(await item.first().isVisible().catch(() => false))) {
        throw new Error(`Ctrl+. did not offer to accept "Elin Sandgren" into ${ann}; offered: ${JSON.stringify(offered)}`);
      }
      await item.first().click();

      // The article now shows the name as annotated.
      const start = readFileSync(join(args.corpus, HARBOUR), "utf8").indexOf("Elin Sandgren");
      let text = "";
      const tokenDeadline = Date.now() + TIMEOUT;
      while (Date.now() < tokenDeadline) {
        text = await inspectTokenAt(HARBOUR, "Elin Sandgren", 2);
        await page.keyboard.press("Escape");
        if (/modifiers[^\n]*annotated/i.test(text)) break;
        await page.waitForTimeout(500);
      }
      if (!/modifiers[^\n]*annotated/i.test(text)) {
        throw new Error(`after accepting, the inspector at Elin Sandgren shows no annotated modifier:\n${text}`);
      }

      // Quick open's file index may not list a file this young yet; the
      // explorer shows it as soon as it exists.
      await page.locator(".explorer-folders-view .monaco-list-row", { hasText: ann }).first().click({ timeout: TIMEOUT });
      await page.locator(".tabs-container .tab.active", { hasText: ann }).waitFor({ timeout: TIMEOUT });
      await page.locator(".monaco-editor .view-lines").first().click();
      const line = new RegExp(`T\\d+\\s+Person ${start} ${start + "Elin Sandgren".length}\\s+Elin Sandgren`);
      await screenshot(page, "ann-accepted");
      const written = await visibleText(page);
      if (!line.test(written)) {
        throw new Error(`${ann} does not hold the accepted name at offsets ${start}:\n${written}`);
      }
      await page.keyboard.press("Control+Z");
      // The edit created the .ann, so undo may take the file away with its
      // text (VS Code then closes or strikes out its tab) or, when the
      // creation is undone separately, leave it empty: both revert it.
      const annPath = join(args.corpus, ann);
      const annActive = page.locator(".tabs-container .tab.active", { hasText: ann });
      const reverted = async () =>
        !existsSync(annPath) ||
        ((await annActive.count()) > 0 && !(await visibleText(page)).includes("Elin Sandgren"));
      const undoDeadline = Date.now() + TIMEOUT;
      while (!(await reverted()) && Date.now() < undoDeadline) {
        await page.waitForTimeout(200);
      }
      if (!(await reverted())) {
        const after = (await annActive.count()) > 0 ? await visibleText(page) : readFileSync(annPath, "utf8");
        throw new Error(`undo in ${ann} left the annotation:\n${after}`);
      }
    });

    await check(page, "Byline: Show Corpus Statistics counts the articles", async () => {
      await runCommand(page, "Byline: Show Corpus Statistics");
      const toast = page.locator(".notification-toast", { hasText: "Byline corpus:" });
      await toast.first().waitFor({ timeout: TIMEOUT });
      const text = await toast.first().innerText();
      await screenshot(page, "statistics");
      const articles = readdirSync(args.corpus).filter((f) => /\.(txt|md)$/.test(f)).length;
      if (!text.includes(`${articles} articles`)) {
        throw new Error(`expected ${articles} articles in: ${text}`);
      }
      await runCommand(page, "Notifications: Clear All Notifications").catch(() => {});
    });

    await check(page, "Byline: Open Corpus Report shows the corpus's report in a webview", async () => {
      await runCommand(page, "Byline: Open Corpus Report");
      await page.locator(".tabs-container .tab", { hasText: "Byline report" }).first().waitFor({ timeout: TIMEOUT });
      // The page lives in the webview's inner frame: find the frame showing it.
      const articles = readdirSync(args.corpus).filter((f) => /\.(txt|md)$/.test(f)).length;
      let shown = "";
      const deadline = Date.now() + TIMEOUT;
      while (!shown && Date.now() < deadline) {
        for (const frame of page.frames()) {
          const text = await frame.locator("body").innerText({ timeout: 500 }).catch(() => "");
          if (text.includes("Share of voice")) {
            shown = text;
            break;
          }
        }
        await page.waitForTimeout(200);
      }
      if (!shown) {
        throw new Error("the report's tab opened but no frame shows the report");
      }
      if (!shown.includes(`${articles} articles`)) {
        throw new Error(`expected "${articles} articles" in the report: ${shown.slice(0, 300)}`);
      }
      await screenshot(page, "corpus-report");
      await runCommand(page, "View: Close Editor").catch(() => {});
      await runCommand(page, "Notifications: Clear All Notifications").catch(() => {});
    });

    await check(page, "Byline: Restart Server brings the diagnostics back", async () => {
      await openFile(page, VOA);
      await page.keyboard.press("Control+Shift+M");
      const rows = page.locator(".markers-panel .monaco-list-row", { hasText: "byline" });
      await rows.first().waitFor({ timeout: TIMEOUT });
      const item = page.locator(".statusbar-item", { hasText: "Byline" }).first();
      const label = async () => (await item.getAttribute("aria-label").catch(() => "")) ?? "";
      await runCommand(page, "Byline: Restart Server");
      // Stopping the old client clears its diagnostics and the item says
      // "starting": either proves the restart really happened.
      let restarted = false;
      const stopDeadline = Date.now() + 5000;
      while (!restarted && Date.now() < stopDeadline) {
        restarted = (await rows.count()) === 0 || /starting/.test(await label());
        await page.waitForTimeout(20);
      }
      if (!restarted) {
        throw new Error("Byline: Restart Server neither cleared the diagnostics nor showed the server starting");
      }
      await rows.first().waitFor({ timeout: TIMEOUT }).catch(() => {
        throw new Error("no Byline problems came back after the restart");
      });
      const after = await label();
      if (!/running|indexed/.test(after)) {
        throw new Error(`after the restart the status bar says: ${JSON.stringify(after)}`);
      }
      await runCommand(page, "View: Hide Panel").catch(() => {});
    });

    await check(page, "the status bar shows the Byline item", async () => {
      const item = page.locator(".statusbar-item", { hasText: "Byline" });
      await item.first().waitFor({ timeout: TIMEOUT });
    });

    // The picture for the README: the VOA article with its marks, no panel.
    await openFile(page, VOA);
    await runCommand(page, "View: Hide Panel").catch(() => {});
    await page.locator(".monaco-editor .view-lines").first().click();
    await page.keyboard.press("Control+Home");
    await page.waitForTimeout(800);
    shot += 1;
    await page.screenshot({
      path: join(args.out, `${String(shot).padStart(2, "0")}-marks.png`),
      clip: { x: 0, y: 0, width: 1400, height: 600 },
    });
  } finally {
    await context.close().catch(() => {});
    rmSync(profile, { recursive: true, force: true });
  }
}

try {
  await main();
} catch (error) {
  console.log(`FAIL driver: ${error?.stack ?? error}`);
  results.push({ name: "driver", ok: false });
}
const failed = results.filter((r) => !r.ok);
console.log(`${results.length - failed.length} passed, ${failed.length} failed`);
process.exit(failed.length > 0 || results.length === 0 ? 1 : 0);
