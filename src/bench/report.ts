/** The bench's table: one row per query and tool, with throughput and the ratio to DuckDB. */
import type { Manifest } from "./generate.js";

export type RunResult = { ms: number; cpuMs: number; maxRssMb: number; rows?: number } | { error: string };

/** Several runs of one query by one tool: medians of the times, the range of wall times, the peak RSS of all. */
export type Summary = { ms: number; cpuMs: number; maxRssMb: number; rows?: number; minMs: number; maxMs: number; runs: number } | { error: string };

export interface Measurement {
  /** The query's name. */
  name: string;
  tool: string;
  result: Summary;
  /** The size of the data it read, when not the manifest's (the VPC flow logs). */
  data?: { bytes: number; events: number };
}

export function summarize(runs: RunResult[]): Summary {
  const failed = runs.find((r) => "error" in r);
  if (failed || runs.length === 0) return failed ?? { error: "no run" };
  const ok = runs as Array<Exclude<RunResult, { error: string }>>;
  const walls = ok.map((r) => r.ms);
  return {
    ms: median(walls),
    cpuMs: median(ok.map((r) => r.cpuMs)),
    maxRssMb: Math.max(...ok.map((r) => r.maxRssMb)),
    rows: ok[0].rows,
    minMs: Math.min(...walls),
    maxMs: Math.max(...walls),
    runs: ok.length,
  };
}

/** One line per failure, `tool failed on "query": reason`; DuckDB's in-process time shares its process's. */
export function failures(measurements: Measurement[]): string[] {
  const lines = measurements.flatMap((m) => ("error" in m.result ? [`${m.tool.replace(/ in-process$/, "")} failed on "${m.name}": ${m.result.error}`] : []));
  return [...new Set(lines)];
}

/** The middle value; the mean of the two middle ones for an even count. */
export function median(xs: number[]): number {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

function pad(cells: string[][]): string {
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return cells.map((row) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd()).join("\n");
}

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

export function renderTable(measurements: Measurement[], manifest: Manifest, env: { cores: number; node: string; notes: string[] }): string {
  const mb = manifest.bytes / 1e6;
  const sized = (m: Measurement) => ({ mb: (m.data?.bytes ?? manifest.bytes) / 1e6, events: m.data?.events ?? manifest.events });
  const header = ["query", "tool", "wall s", "wall range", "cpu s", "MB/s", "events/s", "peak RSS MB", "rows", "vs DuckDB in-process", "vs DuckDB process"];
  const rows: string[][] = [header];
  for (const m of measurements) {
    const r = m.result;
    if ("error" in r) {
      rows.push([m.name, m.tool, "-", "-", "-", "-", "-", "-", "-", r.error, ""]);
      continue;
    }
    const versus = (tool: string): string => {
      const d = measurements.find((x) => x.name === m.name && x.tool === tool)?.result;
      return d && !("error" in d) && !m.tool.startsWith("duckdb") ? `${(r.ms / d.ms).toFixed(2)}x` : "";
    };
    const seconds = r.ms / 1000;
    rows.push([
      m.name,
      m.tool,
      fixed(seconds, 2),
      r.runs > 1 ? `${fixed(r.minMs / 1000, 2)}-${fixed(r.maxMs / 1000, 2)}` : "",
      fixed(r.cpuMs / 1000, 2),
      fixed(sized(m).mb / seconds, 0),
      Math.round(sized(m).events / seconds).toLocaleString("en"),
      fixed(r.maxRssMb, 0),
      r.rows === undefined ? "" : String(r.rows),
      versus("duckdb in-process"),
      versus("duckdb"),
    ]);
  }
  const lines = [
    `${mb.toFixed(0)} MB, ${manifest.events.toLocaleString("en")} events, ${manifest.requests.toLocaleString("en")} requests; ${env.cores} cores, Node ${env.node}`,
    "wall s: the whole process, start-up included, as a user runs it (tolog: bin/tolog.js query; duckdb: Node loading",
    "  @duckdb/node-api and running the SQL; jq: the pipeline), median of the runs; duckdb in-process: the SQL alone,",
    "  timed inside that process after loading and connecting",
    "wall range: the fastest and slowest run (the tools take turns within each round of runs)",
    "cpu s: CPU time of all the tool's threads and processes, median (DuckDB uses every core; tolog one per core for stats)",
    "vs DuckDB: this tool's median time / DuckDB's (below 1 is faster)",
    ...env.notes,
    "",
    pad(rows),
    "",
  ];
  return lines.join("\n");
}
