// The custom part of the Byline server contract, and how it is shown.
import type { Location } from "vscode-languageclient/node";

/** `byline/entityAt` result. */
export interface EntityCard {
  name: string;
  kind: "person" | "organization" | "location";
  mentions: number;
  articles: number;
  quotes: number;
  definition: Location | null;
  markdown: string;
}

/** `byline/corpusStatistics` result. */
export interface CorpusStatistics {
  articles: number;
  quotes: number;
  dates: number;
  people: number;
  organizations: number;
  locations: number;
  indexing: boolean;
}

/** `byline/status` notification. */
export interface IndexStatus {
  state: "indexing" | "ready";
  done: number;
  total: number;
}

export type ClientStatus = IndexStatus | { state: "starting" | "running" | "stopped" };

export function statusText(status: ClientStatus): { text: string; tooltip: string } {
  switch (status.state) {
    case "indexing":
      return {
        text: `$(sync~spin) Byline: indexing ${status.done}/${status.total}`,
        tooltip: "Byline is indexing the corpus; answers may be incomplete until it finishes.",
      };
    case "ready":
      return { text: "$(quote) Byline", tooltip: "Byline: corpus indexed. Click for statistics." };
    case "running":
      return { text: "$(quote) Byline", tooltip: "Byline: server running. Click for statistics." };
    case "starting":
      return { text: "$(loading~spin) Byline", tooltip: "Byline: starting the server" };
    case "stopped":
      return { text: "$(error) Byline", tooltip: "Byline: the server is not running (see the Byline output)" };
  }
}

export function formatStatistics(stats: CorpusStatistics): string {
  const parts = [
    `${stats.articles} articles`,
    `${stats.quotes} quotes`,
    `${stats.dates} dates`,
    `${stats.people} people`,
    `${stats.organizations} organisations`,
    `${stats.locations} places`,
  ];
  return parts.join(", ") + (stats.indexing ? " (still indexing)" : "");
}
