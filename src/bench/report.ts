/** The bench's table: one row per query and tool, with throughput and the ratio to DuckDB. */
import type { Manifest } from "./generate.js";

export type RunResult = { ms: number; maxRssMb: number; rows?: number } | { error: string };

export interface Measurement {
  /** The query's name. */
  name: string;
  tool: string;
  result: RunResult;
}

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd()).join("\n");
}

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

export function renderTable(measurements: Measurement[], manifest: Manifest, env: { cores: number; node: string; notes: string[] }): string {
  const mb = manifest.bytes / 1e6;
  const header = ["query", "tool", "wall s", "MB/s", "events/s", "peak RSS MB", "rows", "vs DuckDB"];
  const rows: string[][] = [header];
  for (const m of measurements) {
    const r = m.result;
    if ("error" in r) {
      rows.push([m.name, m.tool, "-", "-", "-", "-", "-", r.error]);
      continue;
    }
    const duck = measurements.find((d) => d.name === m.name && d.tool === "duckdb")?.result;
    const ratio = duck && !("error" in duck) && m.tool !== "duckdb" ? `${(r.ms / duck.ms).toFixed(2)}x` : "";
    const seconds = r.ms / 1000;
    rows.push([
      m.name,
      m.tool,
      fixed(seconds, 2),
      fixed(mb / seconds, 0),
      Math.round(manifest.events / seconds).toLocaleString("en"),
      fixed(r.maxRssMb, 0),
      r.rows === undefined ? "" : String(r.rows),
      ratio,
    ]);
  }
  const lines = [
    `${mb.toFixed(0)} MB, ${manifest.events.toLocaleString("en")} events, ${manifest.requests.toLocaleString("en")} requests; ${env.cores} cores, Node ${env.node}`,
    "wall s: the query alone (tolog and DuckDB: inside their process, after loading; jq: the whole pipeline)",
    "vs DuckDB: this tool's time / DuckDB's (below 1 is faster)",
    ...env.notes,
    "",
    pad(rows),
    "",
  ];
  return lines.join("\n");
}
