// Finding the server binary and building the settings the server contract
// expects; kept free of the editor API so the rules stay easy to read.
import * as path from "node:path";

export type Level = "error" | "warning" | "info" | "hint" | "off";

/** What the server receives as initializationOptions and didChangeConfiguration settings. */
export interface ServerSettings {
  byline: {
    /** `reported` only when the user set it: unset, byline.toml decides. */
    marks: { diagnostics: "hint" | "info" | "off"; reported?: boolean };
    rules: Record<string, Level>;
  };
}

export interface BylineSettings {
  serverPath: string;
  server: ServerSettings;
}

interface ConfigurationReader {
  get<T>(section: string): T | undefined;
}

export function settingsFrom(config: ConfigurationReader): BylineSettings {
  const reported = config.get<boolean | null>("marks.reported");
  return {
    serverPath: (config.get<string>("server.path") ?? "").trim(),
    server: {
      byline: {
        marks: {
          diagnostics: config.get<"hint" | "info" | "off">("marks.diagnostics") ?? "hint",
          ...(typeof reported === "boolean" ? { reported } : {}),
        },
        rules: { ...(config.get<Record<string, Level>>("rules") ?? {}) },
      },
    },
  };
}

export interface ResolvedServer {
  path?: string;
  source?: "setting" | "PATH" | "bundled";
  problem?: string;
}

/**
 * The setting wins (even when it is wrong: a user who set it wants to hear
 * that it is wrong, not to silently run another binary), then `byline` on
 * PATH, then `server/byline` shipped inside the extension.
 */
export function resolveServerPath(
  setting: string,
  extensionPath: string,
  env: NodeJS.ProcessEnv,
  exists: (file: string) => boolean,
): ResolvedServer {
  const exe = process.platform === "win32" ? "byline.exe" : "byline";
  if (setting) {
    return exists(setting)
      ? { path: setting, source: "setting" }
      : { problem: `the server binary "${setting}" from the setting byline.server.path does not exist.` };
  }
  for (const dir of (env.PATH ?? "").split(path.delimiter)) {
    if (dir && exists(path.join(dir, exe))) {
      return { path: path.join(dir, exe), source: "PATH" };
    }
  }
  const bundled = path.join(extensionPath, "server", exe);
  if (exists(bundled)) {
    return { path: bundled, source: "bundled" };
  }
  return {
    problem: "no `byline` binary: set byline.server.path, put byline on PATH, or install a package that bundles it.",
  };
}
