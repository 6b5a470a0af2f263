import type { ChalkInstance } from "chalk";
import type { QueryResult } from "../engine/api.js";
import { renderCsv } from "./csv.js";
import type { OutputFormat } from "./formats.js";
import { renderJson, renderNdjson } from "./json.js";
import { tableWithNote } from "./table.js";

export interface RenderOptions {
  chalk: ChalkInstance;
  /** Terminal width for `table`; undefined when stdout is not a terminal. */
  maxWidth?: number;
}

/** The text a query result prints as on stdout, in one format; `note` is for stderr (columns left out). */
export function renderResult(result: QueryResult, format: OutputFormat, options: RenderOptions): { text: string; note?: string } {
  switch (format) {
    case "table":
      return tableWithNote(result, options);
    case "json":
      return { text: renderJson(result) };
    case "ndjson":
      return { text: renderNdjson(result) };
    case "csv":
      return { text: renderCsv(result) };
  }
}
