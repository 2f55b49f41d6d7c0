// Headless Chromium as the browser suites launch it (tests/report,
// tests/vscode): Debian's chromium (CHROMIUM overrides the path), a fresh
// profile, and the flags that keep it off this machine's closed network
// (without the background-networking ones it retries refused connections).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

/**
 * A persistent context in a new profile folder under the temp folder.
 * Returns `{ context, profile }`; the caller closes the context and removes
 * the profile.
 */
export async function launchChromium(chromium, { name, viewport }) {
  const profile = mkdtempSync(join(tmpdir(), `byline-${name}-chromium-`));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    viewport,
    args: CHROMIUM_ARGS,
  });
  return { context, profile };
}
