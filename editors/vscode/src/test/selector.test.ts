// Unit tests for which corpus files the extension hands the server.
import * as assert from "node:assert/strict";
import * as path from "node:path";
import { describe, it } from "node:test";

import { corpusFilters, registryFilesIn } from "../selector";

describe("registryFilesIn", () => {
  it("reads [registry] files, across lines and with comments", () => {
    const config = [
      "[corpus]",
      'include = ["**/*.txt"]',
      "",
      "[registry]",
      "files = [",
      '  "people.toml", # reporters keep their own',
      "  'registry/orgs.toml',",
      "]",
      "strict = true",
    ].join("\n");
    assert.deepEqual(registryFilesIn(config), ["people.toml", "registry/orgs.toml"]);
  });

  it("reads the older [corpus] registry key", () => {
    assert.deepEqual(registryFilesIn('[corpus]\nregistry = ["who.toml"]\n'), ["who.toml"]);
  });

  it("ignores a files key in another table and falls back to entities.toml", () => {
    assert.deepEqual(registryFilesIn('[export]\nfiles = ["out.toml"]\n'), ["entities.toml"]);
    assert.deepEqual(registryFilesIn(""), ["entities.toml"]);
  });

  it("falls back to entities.toml when the list is unreadable or empty", () => {
    assert.deepEqual(registryFilesIn('[registry]\nfiles = ["never closed\n'), ["entities.toml"]);
    assert.deepEqual(registryFilesIn("[registry]\nfiles = []\n"), ["entities.toml"]);
    assert.deepEqual(registryFilesIn('[registry]\nfiles = "one.toml"\n'), ["entities.toml"]);
  });

  it("keeps escaped quotes inside a name", () => {
    assert.deepEqual(registryFilesIn('[registry]\nfiles = ["odd\\"name.toml"]\n'), ['odd"name.toml']);
  });
});

describe("corpusFilters", () => {
  const root = path.join(path.sep, "news", "corpus");

  it("serves articles, .ann files and exactly the named registry files", () => {
    const filters = corpusFilters(root, ["entities.toml", "shared/orgs.toml"]);
    const patterns = filters.map((f) => `${f.language ?? "*"} ${f.pattern}`);
    assert.deepEqual(patterns, [
      "plaintext /news/corpus/**/*.txt",
      "markdown /news/corpus/**/*.md",
      "* /news/corpus/**/*.ann",
      "* /news/corpus/entities.toml",
      "* /news/corpus/shared/orgs.toml",
    ]);
    assert.ok(!patterns.some((p) => p.includes("byline.toml") || p.includes("**/*.toml")));
  });

  it("resolves a registry outside the corpus folder", () => {
    const filters = corpusFilters(root, ["../people.toml", "/srv/registry.toml"]);
    assert.deepEqual(
      filters.slice(3).map((f) => f.pattern),
      ["/news/people.toml", "/srv/registry.toml"],
    );
  });
});
