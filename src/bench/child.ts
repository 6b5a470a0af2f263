/**
 * Runs one bench query with one tool in its own process, so that its peak RSS is its own, and
 * prints `{ ms, cpuMs, rows, maxRssMb }` as JSON on stdout.
 * Usage: node child.js tolog|duckdb|source <query index> <group dir> <needle>
 * (`source` reads every event through the local source alone, without the engine.)
 */
import path from "node:path";
import { readdirSync } from "node:fs";
import { QUERIES, vpcCsvSource } from "./queries.js";

export interface ChildResult {
  ms: number;
  /** CPU time of every thread of the process during the query (user + system). */
  cpuMs: number;
  rows: number;
  maxRssMb: number;
  recordsScanned?: number;
  /** CPU time of the whole process, loading included. */
  processCpuMs: number;
}

type Run = () => Promise<{ rows: number; recordsScanned?: number }>;

/** Loads the engine first, so that the timing covers the query only. */
async function prepareTolog(query: string, groupDir: string): Promise<Run> {
  const { runQuery } = await import("../engine/index.js");
  const { openLocalSource } = await import("../sources/local/index.js");
  return async () => {
    const source = openLocalSource([groupDir], { onWarning: (m) => process.stderr.write(`${m}\n`) });
    const result = await runQuery(query, source);
    return { rows: result.rows.length, recordsScanned: result.statistics.recordsScanned };
  };
}

async function prepareSourceAlone(groupDir: string): Promise<Run> {
  const { openLocalSource } = await import("../sources/local/index.js");
  return async () => {
    const stats = { recordsScanned: 0, bytesScanned: 0 };
    for await (const _ of openLocalSource([groupDir]).read({}, stats));
    return { rows: 0, recordsScanned: stats.recordsScanned };
  };
}

async function prepareDuckdb(sql: (src: string) => string, groupDir: string, vpc: boolean): Promise<Run> {
  const { DuckDBInstance } = await import("@duckdb/node-api");
  const threads = process.env.BENCH_DUCKDB_THREADS;
  const instance = await DuckDBInstance.create(":memory:", threads ? { threads } : undefined);
  const connection = await instance.connect();
  const files = path.join(groupDir, "*.jsonl").replaceAll("'", "''");
  const source = vpc ? vpcCsvSource(path.join(groupDir, "*.log")) : `read_json('${files}', format = 'newline_delimited')`;
  return async () => {
    const reader = await connection.runAndReadAll(sql(source));
    return { rows: reader.getRows().length };
  };
}

async function main(): Promise<void> {
  const [tool, index, groupDir, needle] = process.argv.slice(2);
  const query = QUERIES[Number(index)];
  if (!query || !groupDir || readdirSync(groupDir).length === 0) throw new Error("usage: child.js tolog|duckdb|source <query index> <group dir> <needle>");
  const run =
    tool === "tolog" ? await prepareTolog(query.tolog(needle), groupDir)
    : tool === "source" ? await prepareSourceAlone(groupDir)
    : await prepareDuckdb((src) => query.duckdb(src, needle), groupDir, query.dataset === "vpc");
  const cpu = process.cpuUsage();
  const started = performance.now();
  const outcome = await run();
  const ms = performance.now() - started;
  const used = process.cpuUsage(cpu);
  const all = process.cpuUsage();
  const result: ChildResult = {
    ms,
    cpuMs: (used.user + used.system) / 1000,
    processCpuMs: (all.user + all.system) / 1000,
    maxRssMb: process.resourceUsage().maxRSS / 1024,
    ...outcome,
  };
  process.stdout.write(JSON.stringify(result) + "\n");
}

try {
  await main();
} catch (error) {
  // The message alone: the bench shows it as the run's reason (a stack trace's first line was a path).
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
