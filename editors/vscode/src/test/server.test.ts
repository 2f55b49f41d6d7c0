// Unit tests for the editor-independent parts: finding the server binary,
// building the settings object and the status bar text.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";

import { formatStatistics, statusText } from "../protocol";
import { resolveServerPath, settingsFrom } from "../server";

const existing = (...files: string[]) => (file: string) => files.includes(file);
const ext = process.platform === "win32" ? "byline.exe" : "byline";

describe("resolveServerPath", () => {
  it("prefers the setting over PATH and the bundled binary", () => {
    const bundled = path.join("/ext", "server", ext);
    const onPath = path.join("/usr/bin", ext);
    const found = resolveServerPath("/opt/byline", "/ext", { PATH: "/usr/bin" }, existing("/opt/byline", bundled, onPath));
    assert.deepEqual(found, { path: "/opt/byline", source: "setting" });
  });

  it("reports a setting that names a missing file instead of falling back", () => {
    const onPath = path.join("/usr/bin", ext);
    const found = resolveServerPath("/nowhere/byline", "/ext", { PATH: "/usr/bin" }, existing(onPath));
    assert.equal(found.path, undefined);
    assert.match(found.problem ?? "", /nowhere\/byline.*byline\.server\.path/);
  });

  it("searches PATH entries in order, then the extension's server folder", () => {
    const second = path.join("/second", ext);
    assert.deepEqual(
      resolveServerPath("", "/ext", { PATH: ["/first", "/second"].join(path.delimiter) }, existing(second)),
      { path: second, source: "PATH" },
    );
    const bundled = path.join("/ext", "server", ext);
    assert.deepEqual(resolveServerPath("", "/ext", { PATH: "/first" }, existing(bundled)), {
      path: bundled,
      source: "bundled",
    });
    assert.match(resolveServerPath("", "/ext", {}, existing()).problem ?? "", /byline\.server\.path/);
  });
});

describe("settingsFrom", () => {
  it("builds the byline section the server contract expects", () => {
    const values: Record<string, unknown> = {
      "server.path": " /opt/byline ",
      "marks.diagnostics": "off",
      rules: { boilerplate: "off" },
    };
    const settings = settingsFrom({ get: <T>(key: string) => values[key] as T | undefined });
    assert.equal(settings.serverPath, "/opt/byline");
    assert.deepEqual(settings.server, { byline: { marks: { diagnostics: "off" }, rules: { boilerplate: "off" } } });
  });

  it("defaults marks to hint and rules to none", () => {
    const settings = settingsFrom({ get: () => undefined });
    assert.deepEqual(settings.server, { byline: { marks: { diagnostics: "hint" }, rules: {} } });
  });

  it("sends marks.reported only when the user set it, so byline.toml decides otherwise", () => {
    const values: Record<string, unknown> = { "marks.reported": false };
    const off = settingsFrom({ get: <T>(key: string) => values[key] as T | undefined });
    assert.deepEqual(off.server.byline.marks, { diagnostics: "hint", reported: false });
    const unset = settingsFrom({ get: <T>(key: string) => (key === "marks.reported" ? (null as T) : undefined) });
    assert.deepEqual(unset.server.byline.marks, { diagnostics: "hint" });
  });
});

describe("status bar and statistics text", () => {
  it("shows progress while indexing", () => {
    assert.match(statusText({ state: "indexing", done: 3, total: 12 }).text, /indexing 3\/12/);
    assert.doesNotMatch(statusText({ state: "ready", done: 12, total: 12 }).text, /indexing/);
  });

  it("lists every count", () => {
    const text = formatStatistics({
      articles: 12,
      quotes: 40,
      dates: 31,
      people: 25,
      organizations: 9,
      locations: 17,
      indexing: true,
    });
    assert.equal(text, "12 articles, 40 quotes, 31 dates, 25 people, 9 organisations, 17 places (still indexing)");
  });
});
