import type { ChalkInstance } from "chalk";
import type { QueryResult } from "../engine/api.js";
import { renderCsv } from "./csv.js";
import type { OutputFormat } from "./formats.js";
import { renderJson, renderNdjson } from "./json.js";
import { renderTable } from "./table.js";

export interface RenderOptions {
  chalk: ChalkInstance;
  /** Terminal width for `table`; undefined when stdout is not a terminal. */
  maxWidth?: number;
}

/** The text a query result prints as on stdout, in one format. */
export function renderResult(result: QueryResult, format: OutputFormat, options: RenderOptions): string {
  switch (format) {
    case "table":
      return renderTable(result, options);
    case "json":
      return renderJson(result);
    case "ndjson":
      return renderNdjson(result);
    case "csv":
      return renderCsv(result);
  }
}
