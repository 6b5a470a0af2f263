/**
 * The bench's report: one row per query and tool, with throughput and the ratio to DuckDB. It is
 * made once as data (`BenchReport`) and drawn by a layout: the wide table, one line per row, that
 * scripts and docs/benchmarks.md read, or on a terminal too narrow for it one block per query.
 */
import { textWidth } from "../output/text-width.js";
import type { Manifest } from "./generate.js";
import { blocksLayout } from "./report-blocks.js";

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

export interface ReportColumn {
  header: string;
  /** Its header where every column counts (report-blocks.ts). */
  short: string;
  /** Left out later than columns of lower priority where the width is short. */
  priority: number;
}

export type ReportRow = { query: string; tool: string; values: string[] } | { query: string; tool: string; error: string };

export interface BenchReport {
  /** The data and the machine. */
  heading: string;
  /** What the columns mean: paragraphs, each as the wide layout's lines. */
  legend: string[][];
  notes: string[];
  columns: ReportColumn[];
  rows: ReportRow[];
}

/** Draws a report; `width` is the terminal's, which a layout may not be able to keep to. */
export type Layout = (report: BenchReport, width?: number) => string;

const COLUMNS: ReportColumn[] = [
  { header: "wall s", short: "wall s", priority: 9 },
  { header: "wall range", short: "wall range", priority: 2 },
  { header: "cpu s", short: "cpu s", priority: 7 },
  { header: "MB/s", short: "MB/s", priority: 4 },
  { header: "events/s", short: "events/s", priority: 1 },
  { header: "peak RSS MB", short: "RSS MB", priority: 6 },
  { header: "rows", short: "rows", priority: 3 },
  { header: "vs DuckDB in-process", short: "vs in-proc", priority: 8 },
  { header: "vs DuckDB process", short: "vs process", priority: 5 },
];

const LEGEND = [
  [
    "wall s: the whole process, start-up included, as a user runs it (tolog: bin/tolog.js query; duckdb: Node loading",
    "  @duckdb/node-api and running the SQL; jq: the pipeline), median of the runs; duckdb in-process: the SQL alone,",
    "  timed inside that process after loading and connecting",
  ],
  ["wall range: the fastest and slowest run (the tools take turns within each round of runs)"],
  ["cpu s: CPU time of all the tool's threads and processes, median (DuckDB uses every core; tolog one per core for stats)"],
  ["vs DuckDB: this tool's median time / DuckDB's (below 1 is faster)"],
];

const fixed = (x: number, digits: number) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

export function benchReport(measurements: Measurement[], manifest: Manifest, env: { cores: number; node: string; notes: string[] }): BenchReport {
  const sized = (m: Measurement) => ({ mb: (m.data?.bytes ?? manifest.bytes) / 1e6, events: m.data?.events ?? manifest.events });
  const rows = measurements.map((m): ReportRow => {
    const r = m.result;
    if ("error" in r) return { query: m.name, tool: m.tool, error: r.error };
    const versus = (tool: string): string => {
      const d = measurements.find((x) => x.name === m.name && x.tool === tool)?.result;
      return d && !("error" in d) && !m.tool.startsWith("duckdb") ? `${(r.ms / d.ms).toFixed(2)}x` : "";
    };
    const seconds = r.ms / 1000;
    const values = [
      fixed(seconds, 2),
      r.runs > 1 ? `${fixed(r.minMs / 1000, 2)}-${fixed(r.maxMs / 1000, 2)}` : "",
      fixed(r.cpuMs / 1000, 2),
      fixed(sized(m).mb / seconds, 0),
      Math.round(sized(m).events / seconds).toLocaleString("en"),
      fixed(r.maxRssMb, 0),
      r.rows === undefined ? "" : String(r.rows),
      versus("duckdb in-process"),
      versus("duckdb"),
    ];
    return { query: m.name, tool: m.tool, values };
  });
  const heading = `${(manifest.bytes / 1e6).toFixed(0)} MB, ${manifest.events.toLocaleString("en")} events, ${manifest.requests.toLocaleString("en")} requests; ${env.cores} cores, Node ${env.node}`;
  return { heading, legend: LEGEND, notes: env.notes, columns: COLUMNS, rows };
}

/** One line per query and tool, every column, as wide as its longest cell. */
export const wideLayout: Layout = (report) => {
  const cells = [
    ["query", "tool", ...report.columns.map((c) => c.header)],
    // A failure's reason goes where the ratios go, the cells before it dashes.
    ...report.rows.map((row) => ("error" in row ? [row.query, row.tool, ...report.columns.slice(0, -2).map(() => "-"), row.error, ""] : [row.query, row.tool, ...row.values])),
  ];
  const widths = cells[0].map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  const table = cells.map((row) => row.map((cell, c) => (c < 2 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join("  ").trimEnd());
  return [report.heading, ...report.legend.flat(), ...report.notes, "", ...table, ""].join("\n");
};

/** Tried in order on a terminal: the first whose every line fits its width (the last always does). */
const LAYOUTS: Layout[] = [wideLayout, blocksLayout];

/** The report for a terminal `width` columns wide, or for a file or a pipe (no width): the wide table. */
export function renderTable(measurements: Measurement[], manifest: Manifest, env: { cores: number; node: string; notes: string[] }, width?: number): string {
  const report = benchReport(measurements, manifest, env);
  if (width === undefined) return wideLayout(report);
  for (const layout of LAYOUTS) {
    const text = layout(report, width);
    if (text.split("\n").every((line) => textWidth(line) <= width)) return text;
  }
  return LAYOUTS.at(-1)!(report, width);
}
