/** The bench's table: one row per query and tool, with throughput and the ratio to DuckDB. */
import type { Manifest } from "./generate.js";

export type RunResult = { ms: number; cpuMs: number; maxRssMb: number; rows?: number } | { error: string };

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
  const header = ["query", "tool", "wall s", "cpu s", "MB/s", "events/s", "peak RSS MB", "rows", "vs DuckDB", "cpu vs DuckDB"];
  const rows: string[][] = [header];
  for (const m of measurements) {
    const r = m.result;
    if ("error" in r) {
      rows.push([m.name, m.tool, "-", "-", "-", "-", "-", "-", r.error, ""]);
      continue;
    }
    const duck = measurements.find((d) => d.name === m.name && d.tool === "duckdb")?.result;
    const vsDuck = duck && !("error" in duck) && m.tool !== "duckdb" ? duck : undefined;
    const ratio = vsDuck ? `${(r.ms / vsDuck.ms).toFixed(2)}x` : "";
    const cpuRatio = vsDuck ? `${(r.cpuMs / vsDuck.cpuMs).toFixed(2)}x` : "";
    const seconds = r.ms / 1000;
    rows.push([
      m.name,
      m.tool,
      fixed(seconds, 2),
      fixed(r.cpuMs / 1000, 2),
      fixed(mb / seconds, 0),
      Math.round(manifest.events / seconds).toLocaleString("en"),
      fixed(r.maxRssMb, 0),
      r.rows === undefined ? "" : String(r.rows),
      ratio,
      cpuRatio,
    ]);
  }
  const lines = [
    `${mb.toFixed(0)} MB, ${manifest.events.toLocaleString("en")} events, ${manifest.requests.toLocaleString("en")} requests; ${env.cores} cores, Node ${env.node}`,
    "wall s: the query alone (tolog and DuckDB: inside their process, after loading; jq: the whole pipeline)",
    "cpu s: CPU time of all the tool's threads (DuckDB uses every core, tolog's engine one): steadier than wall time on a busy machine",
    "vs DuckDB: this tool's time / DuckDB's (below 1 is faster)",
    ...env.notes,
    "",
    pad(rows),
    "",
  ];
  return lines.join("\n");
}
