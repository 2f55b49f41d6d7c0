// Byline for VS Code: starts `byline lsp` for corpora marked by a byline.toml
// and wraps the server's custom requests in commands and a status bar item.
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as path from "node:path";
import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  type DocumentFilter,
  LanguageClient,
  type LanguageClientOptions,
  type Location as LspLocation,
  type ServerOptions,
  State,
} from "vscode-languageclient/node";

import { corpusFilters, registryFilesIn } from "./selector";
import { type BylineSettings, resolveServerPath, settingsFrom } from "./server";
import {
  type ClientStatus,
  type CorpusStatistics,
  type EntityCard,
  formatStatistics,
  type IndexStatus,
  statusText,
} from "./protocol";

let client: LanguageClient | undefined;
let statusItem: vscode.StatusBarItem | undefined;
let output: vscode.LogOutputChannel | undefined;
let configWatcher: vscode.FileSystemWatcher | undefined;
let currentStatus: ClientStatus["state"] = "stopped";
/** The document selector the running client was started with, as JSON. */
let currentSelector = "";

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel("Byline", { log: true });
  statusItem = vscode.window.createStatusBarItem("byline.status", vscode.StatusBarAlignment.Left, 10);
  statusItem.name = "Byline";
  statusItem.command = "byline.showCorpusStatistics";
  // One watcher for the extension's lifetime, shared by every client start.
  configWatcher = vscode.workspace.createFileSystemWatcher("**/byline.toml");
  context.subscriptions.push(output, statusItem, configWatcher, { dispose: () => void stop() });

  context.subscriptions.push(
    vscode.commands.registerCommand("byline.restartServer", () => restart(context)),
    vscode.commands.registerCommand("byline.showEntity", showEntity),
    vscode.commands.registerCommand("byline.openRegistry", openRegistry),
    vscode.commands.registerCommand("byline.showCorpusStatistics", showStatistics),
    vscode.commands.registerCommand("byline.openCorpusReport", () => openCorpusReport(context)),
    vscode.workspace.onDidChangeConfiguration((event) => onConfigurationChanged(event, context)),
    configWatcher.onDidChange(() => onCorpusConfigChanged(context)),
    configWatcher.onDidCreate(() => onCorpusConfigChanged(context)),
    configWatcher.onDidDelete(() => onCorpusConfigChanged(context)),
  );

  await start(context);
}

export async function deactivate(): Promise<void> {
  await stop();
}

function currentSettings(): BylineSettings {
  return settingsFrom(vscode.workspace.getConfiguration("byline"));
}

/**
 * Every corpus (a folder holding a byline.toml) contributes its articles,
 * the registry files its byline.toml names and its `.ann` files.
 */
async function documentSelector(): Promise<DocumentFilter[]> {
  const configs = await vscode.workspace.findFiles("**/byline.toml", "**/node_modules/**", 100);
  const filters: DocumentFilter[] = [];
  const seen = new Set<string>();
  for (const config of configs) {
    const root = path.dirname(config.fsPath);
    if (seen.has(root)) {
      continue;
    }
    seen.add(root);
    filters.push(...corpusFilters(root, await registryFilesOf(config)));
  }
  return filters;
}

async function registryFilesOf(config: vscode.Uri): Promise<string[]> {
  try {
    const bytes = await vscode.workspace.fs.readFile(config);
    return registryFilesIn(new TextDecoder().decode(bytes));
  } catch (error) {
    output?.warn(`could not read ${config.fsPath}: ${String(error)}; assuming the registry is entities.toml`);
    return registryFilesIn("");
  }
}

/**
 * The document selector is fixed when the client starts: when a byline.toml
 * edit names other registry files (or a corpus appears), start again with
 * the new one so those files get diagnostics, completion and lenses.
 */
async function onCorpusConfigChanged(context: vscode.ExtensionContext): Promise<void> {
  if (!client) {
    return;
  }
  const selector = JSON.stringify(await documentSelector());
  if (selector !== currentSelector) {
    output?.info("the corpus files changed (byline.toml): restarting the server with the new document selector");
    await restart(context);
  }
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  const settings = currentSettings();
  const resolved = resolveServerPath(settings.serverPath, context.extensionPath, process.env, fs.existsSync);
  if (!resolved.path) {
    const choice = await vscode.window.showErrorMessage(
      `Byline: ${resolved.problem}`,
      "Open Settings",
    );
    if (choice === "Open Settings") {
      await vscode.commands.executeCommand("workbench.action.openSettings", "byline.server.path");
    }
    setStatus({ state: "stopped" });
    return;
  }
  output?.info(`starting ${resolved.path} lsp (found via ${resolved.source})`);

  const serverOptions: ServerOptions = {
    command: resolved.path,
    args: ["lsp"],
  };
  const selector = await documentSelector();
  currentSelector = JSON.stringify(selector);
  const clientOptions: LanguageClientOptions = {
    documentSelector: selector,
    outputChannel: output,
    initializationOptions: settings.server,
    // Settings go to the server through onConfigurationChanged below, in
    // the shape of the contract; only byline.toml edits are forwarded here.
    synchronize: {
      fileEvents: configWatcher,
    },
    initializationFailedHandler: (error) => {
      void vscode.window.showErrorMessage(`Byline server failed to start: ${String(error)}`);
      return false;
    },
  };

  client = new LanguageClient("byline", "Byline", serverOptions, clientOptions);
  client.onDidChangeState((event) => {
    if (event.newState === State.Stopped) {
      setStatus({ state: "stopped" });
    } else if (event.newState === State.Running && currentStatus !== "indexing" && currentStatus !== "ready") {
      // Also after the client library restarted a crashed server by itself.
      setStatus({ state: "running" });
    }
  });
  // Registered before start so the first `indexing` report is not missed.
  client.onNotification("byline/status", (status: IndexStatus) => setStatus(status));
  setStatus({ state: "starting" });
  try {
    await client.start();
  } catch (error) {
    output?.error(`byline server did not start: ${String(error)}`);
    void vscode.window.showErrorMessage(
      `Byline: could not start "${resolved.path} lsp": ${String(error)}. Check the setting byline.server.path.`,
    );
    setStatus({ state: "stopped" });
    return;
  }
  // The server may already have reported its indexing state; keep that.
  if (currentStatus === "starting") {
    setStatus({ state: "running" });
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running && running.isRunning()) {
    await running.stop();
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  await stop();
  await start(context);
}

async function onConfigurationChanged(
  event: vscode.ConfigurationChangeEvent,
  context: vscode.ExtensionContext,
): Promise<void> {
  if (!event.affectsConfiguration("byline")) {
    return;
  }
  if (event.affectsConfiguration("byline.server.path")) {
    await restart(context);
    return;
  }
  if (client?.isRunning()) {
    await client.sendNotification(DidChangeConfigurationNotification.type, {
      settings: currentSettings().server,
    });
  }
}

function setStatus(status: ClientStatus): void {
  currentStatus = status.state;
  if (!statusItem) {
    return;
  }
  const shown = statusText(status);
  statusItem.text = shown.text;
  statusItem.tooltip = shown.tooltip;
  // Screen readers (and the editor tests) read the state from this label.
  statusItem.accessibilityInformation = { label: shown.tooltip };
  statusItem.show();
}

function runningClient(): LanguageClient | undefined {
  if (!client?.isRunning()) {
    void vscode.window.showWarningMessage("Byline: the server is not running (is there a byline.toml in this workspace?)");
    return undefined;
  }
  return client;
}

async function showEntity(): Promise<void> {
  const editor = vscode.window.activeTextEditor;
  const running = runningClient();
  if (!editor || !running) {
    return;
  }
  const params = running.code2ProtocolConverter.asTextDocumentPositionParams(
    editor.document,
    editor.selection.active,
  );
  const card = await running.sendRequest<EntityCard | null>("byline/entityAt", params);
  if (!card) {
    void vscode.window.showInformationMessage("Byline: no person, organisation or place under the cursor.");
    return;
  }
  const summary = `${card.name} (${card.kind}): ${card.mentions} mentions in ${card.articles} articles, ${card.quotes} quotes`;
  const actions = card.definition ? ["Go to Definition", "Find References"] : ["Find References"];
  const choice = await vscode.window.showInformationMessage(summary, ...actions);
  if (choice === "Go to Definition" && card.definition) {
    const location = running.protocol2CodeConverter.asLocation(card.definition);
    await vscode.window.showTextDocument(location.uri, { selection: location.range });
  } else if (choice === "Find References") {
    await vscode.commands.executeCommand("editor.action.referenceSearch.trigger");
  }
}

async function openRegistry(): Promise<void> {
  const running = runningClient();
  if (!running) {
    return;
  }
  const locations = await running.sendRequest<LspLocation[]>("byline/registryLocations", {});
  if (!locations || locations.length === 0) {
    void vscode.window.showInformationMessage("Byline: this corpus has no entity registry.");
    return;
  }
  const converted = locations.map((location) => running.protocol2CodeConverter.asLocation(location));
  let target: vscode.Location | undefined = converted[0];
  if (converted.length > 1) {
    const picked = await vscode.window.showQuickPick(
      converted.map((location) => ({
        label: vscode.workspace.asRelativePath(location.uri),
        description: `line ${location.range.start.line + 1}`,
        location,
      })),
      { placeHolder: "Entity registry" },
    );
    target = picked?.location;
  }
  if (target) {
    await vscode.window.showTextDocument(target.uri, { selection: target.range });
  }
}

async function showStatistics(): Promise<void> {
  const running = runningClient();
  if (!running) {
    return;
  }
  const stats = await running.sendRequest<CorpusStatistics>("byline/corpusStatistics", {});
  output?.info(`corpus statistics: ${JSON.stringify(stats)}`);
  void vscode.window.showInformationMessage(`Byline corpus: ${formatStatistics(stats)}`);
}

/** The corpus folder to report on: the active article's workspace folder, else the first one. */
function reportFolder(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const folder = (active && vscode.workspace.getWorkspaceFolder(active)) ?? vscode.workspace.workspaceFolders?.[0];
  return folder?.uri.fsPath;
}

/**
 * "Byline: Open Corpus Report": runs `byline report` on the corpus into the
 * extension's storage and shows the page in a webview (it is one
 * self-contained file), with a button to open it in the browser, where its
 * links to the articles work.
 */
async function openCorpusReport(context: vscode.ExtensionContext): Promise<void> {
  const resolved = resolveServerPath(currentSettings().serverPath, context.extensionPath, process.env, fs.existsSync);
  if (!resolved.path) {
    void vscode.window.showErrorMessage(`Byline: ${resolved.problem}`);
    return;
  }
  const folder = reportFolder();
  if (!folder) {
    void vscode.window.showInformationMessage("Byline: open a corpus folder to report on.");
    return;
  }
  const storage = (context.storageUri ?? context.globalStorageUri).fsPath;
  await fs.promises.mkdir(storage, { recursive: true });
  const page = path.join(storage, "byline-report.html");
  const server = resolved.path;
  try {
    await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: "Byline: writing the corpus report" },
      () =>
        new Promise<void>((resolve, reject) => {
          execFile(server, ["report", folder, "-o", page], { maxBuffer: 16 * 1024 * 1024 }, (error, _out, stderr) => {
            // Exit 1: some inputs could not be read; the page is still written.
            if (error && (error.code !== 1 || !fs.existsSync(page))) {
              reject(new Error(stderr.trim() || error.message));
            } else {
              resolve();
            }
          });
        }),
    );
  } catch (error) {
    void vscode.window.showErrorMessage(`Byline report: ${(error as Error).message}`);
    return;
  }
  output?.info(`corpus report written to ${page}`);
  const panel = vscode.window.createWebviewPanel(
    "byline.corpusReport",
    `Byline report: ${path.basename(folder)}`,
    vscode.ViewColumn.Active,
    { enableScripts: true, enableFindWidget: true },
  );
  panel.webview.html = await fs.promises.readFile(page, "utf8");
  void vscode.window.showInformationMessage(`Byline: corpus report written to ${page}`, "Open in Browser").then((choice) => {
    if (choice === "Open in Browser") {
      void vscode.env.openExternal(vscode.Uri.file(page));
    }
  });
}
