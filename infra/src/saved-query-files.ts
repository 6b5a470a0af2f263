import { readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";

// A tiny reader of the `queries/*.insights` header format (see src/saved/ for the CLI's own).
// It lives here because infra must synthesize from the files alone; the lead may de-duplicate.

export interface SavedQueryParam {
  readonly name: string;
  readonly defaultValue?: string;
  readonly description: string;
}

export interface SavedQueryFile {
  readonly name: string;
  readonly description: string;
  readonly params: readonly SavedQueryParam[];
  readonly query: string;
}

const DESCRIPTION = /^#\s*description:\s*(.*)$/;
const PARAM = /^#\s*param\s+([A-Za-z_][A-Za-z0-9_]*)\s*(?:=\s*(.*?))?\s*:\s*(.*)$/;

export function parseSavedQuery(name: string, text: string): SavedQueryFile {
  const lines = text.replace(/\r\n/g, "\n").split("\n");
  let description = "";
  const params: SavedQueryParam[] = [];
  let i = 0;
  for (; i < lines.length && lines[i].startsWith("#"); i++) {
    const line = lines[i];
    const d = DESCRIPTION.exec(line);
    const p = PARAM.exec(line);
    if (d) description = d[1].trim();
    else if (p) params.push(p[2] === undefined ? { name: p[1], description: p[3].trim() } : { name: p[1], defaultValue: p[2], description: p[3].trim() });
  }
  const query = lines.slice(i).join("\n").trim();
  if (query === "") throw new Error(`saved query ${name}: no query text after the header`);
  return { name, description, params, query };
}

/** Every `*.insights` file of `dir`, sorted by name. */
export function readSavedQueries(dir: string): SavedQueryFile[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".insights"))
    .sort()
    .map((f) => parseSavedQuery(basename(f, ".insights"), readFileSync(join(dir, f), "utf8")));
}
