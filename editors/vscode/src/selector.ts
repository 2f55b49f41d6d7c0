// Which files of a corpus the server serves: its articles, the entity
// registry files its byline.toml names, and the brat `.ann` files beside the
// articles. Kept free of the editor API so the rules stay easy to test.
import * as path from "node:path";

/** The registry file a corpus uses when its byline.toml names none. */
export const DEFAULT_REGISTRY_FILES = ["entities.toml"];

/** A document filter in the shape vscode-languageclient takes. */
export interface CorpusFilter {
  scheme: "file";
  language?: string;
  pattern: string;
}

/**
 * The strings of a TOML array that starts at `text` (after `key =`), up to
 * its closing `]`; undefined when the value is not an array of strings.
 * Basic and literal strings and comments: all a list of file names needs.
 */
function stringArray(text: string): string[] | undefined {
  let i = 0;
  const skipBlank = () => {
    while (i < text.length) {
      const c = text[i];
      if (c === "#") {
        const eol = text.indexOf("\n", i);
        i = eol < 0 ? text.length : eol + 1;
      } else if (/\s|,/.test(c)) {
        i += 1;
      } else {
        return;
      }
    }
  };
  skipBlank();
  if (text[i] !== "[") {
    return undefined;
  }
  i += 1;
  const items: string[] = [];
  for (;;) {
    skipBlank();
    const c = text[i];
    if (c === "]") {
      return items;
    } else if (c === '"') {
      let value = "";
      let j = i + 1;
      while (j < text.length && text[j] !== '"') {
        if (text[j] === "\\") {
          j += 1;
        }
        value += text[j] ?? "";
        j += 1;
      }
      if (j >= text.length) {
        return undefined;
      }
      items.push(value);
      i = j + 1;
    } else if (c === "'") {
      const close = text.indexOf("'", i + 1);
      if (close < 0) {
        return undefined;
      }
      items.push(text.slice(i + 1, close));
      i = close + 1;
    } else {
      return undefined;
    }
  }
}

/**
 * The registry files a byline.toml names, as written there: `[registry]
 * files = [...]`, or the older `[corpus] registry = [...]`; the default when
 * it names none or the list cannot be read. Not a TOML parser: the server
 * reads byline.toml properly and reports its errors; the extension only
 * needs to know which TOML files to hand it.
 */
export function registryFilesIn(configText: string): string[] {
  const lines = configText.split(/\r?\n/);
  let section: string | undefined;
  for (let index = 0; index < lines.length; index++) {
    const line = lines[index];
    const header = /^\s*\[\s*([\w.\-"]+)\s*\]\s*(#.*)?$/.exec(line);
    if (header) {
      section = header[1].replace(/"/g, "");
      continue;
    }
    if (/^\s*\[\[/.test(line)) {
      section = undefined; // an array of tables: nothing byline.toml reads
      continue;
    }
    const entry = /^\s*([\w-]+)\s*=\s*(.*)$/.exec(line);
    if (!entry) {
      continue;
    }
    const [, key, rest] = entry;
    if ((section === "registry" && key === "files") || (section === "corpus" && key === "registry")) {
      const files = stringArray([rest, ...lines.slice(index + 1)].join("\n"));
      if (files && files.length > 0) {
        return files;
      }
    }
  }
  return [...DEFAULT_REGISTRY_FILES];
}

/** A path as a glob: forward slashes (a folder named with glob characters is not supported). */
function globPath(file: string): string {
  return file.split(path.sep).join("/");
}

/**
 * The filters for one corpus: its Text and Markdown articles, its registry
 * files (only those: other TOML files, byline.toml included, are not the
 * server's), and the brat `.ann` files anywhere below it.
 */
export function corpusFilters(root: string, registryFiles: string[]): CorpusFilter[] {
  const base = globPath(root);
  const filters: CorpusFilter[] = [
    { scheme: "file", language: "plaintext", pattern: `${base}/**/*.txt` },
    { scheme: "file", language: "markdown", pattern: `${base}/**/*.md` },
    { scheme: "file", pattern: `${base}/**/*.ann` },
  ];
  for (const file of registryFiles) {
    const full = path.isAbsolute(file) ? file : path.join(root, file);
    filters.push({ scheme: "file", pattern: globPath(path.normalize(full)) });
  }
  return filters;
}
