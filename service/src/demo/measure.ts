import { mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { benchList, seedTodos } from "../../loadtest/runner/bench-list.js";
import { freePort, removeEmbeddedData } from "../db/embedded.js";
import { handleInterrupts, interruptedBy, removeScratchDatabase, scratchDatabase } from "./interrupt.js";
import { startServiceProcess } from "./processes.js";

/**
 * The figures in service/README.md: requests/s and p95 of GET /api/v1/todos with 100 and 5,000
 * todos, at LOG_LEVEL=info (lines appended to a file) and LOG_LEVEL=silent.
 *
 *   npm run measure -w service [-- --duration 20s --concurrency 32]
 */
async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const flag = (name: string, fallback: string) => {
    const i = argv.indexOf(`--${name}`);
    return i >= 0 && argv[i + 1] ? argv[i + 1] : fallback;
  };
  const durationMs = Math.min(120_000, Number(flag("duration", "20s").replace(/s$/, "")) * 1000);
  const concurrency = Math.min(512, Number(flag("concurrency", "32")));
  const sizes = flag("todos", "100,5000").split(",").map(Number);
  // ABBA order: a drift in machine load (other processes) hits both levels alike.
  const levels = flag("levels", "info,silent,silent,info").split(",");
  const root = process.env.INIT_CWD ?? process.cwd();
  const work = path.join(root, ".tolog", "measure");
  const rows: string[] = [];
  const results: { todos: number; level: string; rps: number; p95: number }[] = [];
  // Ctrl-C, SIGTERM, SIGHUP: the service stopped, its scratch database removed.
  handleInterrupts((signal) => `measure: interrupted (${signal}); the rows measured so far are above`);
  scratchDatabase(path.join(work, "pg"));

  for (const level of levels) {
    // Each level on a fresh cluster (as root it may live outside `work`: removeEmbeddedData finds it).
    await removeEmbeddedData(path.join(work, "pg"));
    rmSync(work, { recursive: true, force: true });
    mkdirSync(work, { recursive: true });
    const port = await freePort();
    const service = await startServiceProcess(
      { EMBEDDED_PG_DIR: path.join(work, "pg"), LOG_LEVEL: level, LOG_FILE: path.join(work, "service.log.jsonl") },
      port,
      `service(${level})`,
    );
    try {
      for (const todos of sizes) {
        await seedTodos(service.url, todos);
        await benchList(service.url, { concurrency, durationMs: 3000, todos }); // warm-up
        const r = await benchList(service.url, { concurrency, durationMs, todos });
        const l = r.latency_ms;
        const row = `| ${todos} | ${level} | ${concurrency} | ${r.rps} | ${l.med.toFixed(1)} | ${l.p95.toFixed(1)} | ${l.max.toFixed(1)} | ${r.errors} |`;
        rows.push(row);
        results.push({ todos, level, rps: r.rps, p95: l.p95 });
        process.stderr.write(`${row}\n`);
      }
    } finally {
      await service.stop();
    }
  }
  await removeScratchDatabase(path.join(work, "pg"));
  rmSync(work, { recursive: true, force: true });
  process.stdout.write(["", "| todos | LOG_LEVEL | clients | req/s | p50 ms | p95 ms | max ms | errors |", "|---|---|---|---|---|---|---|---|", ...rows, ""].join("\n"));
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  const lines = ["", "| todos | LOG_LEVEL | runs | mean req/s | mean p95 ms |", "|---|---|---|---|---|"];
  for (const todos of sizes) {
    for (const level of [...new Set(levels)]) {
      const mine = results.filter((r) => r.todos === todos && r.level === level);
      lines.push(`| ${todos} | ${level} | ${mine.length} | ${mean(mine.map((r) => r.rps)).toFixed(1)} | ${mean(mine.map((r) => r.p95)).toFixed(1)} |`);
    }
  }
  process.stdout.write(lines.join("\n") + "\n");
}

main().catch((err: unknown) => {
  if (interruptedBy()) return; // the interruption's clean-up ends the process
  process.stderr.write(`measure: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
