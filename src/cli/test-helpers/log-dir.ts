import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

/** A temporary directory with the given files (path -> content); `remove()` deletes it. */
export function tempDir(files: Record<string, string>): { path: string; remove(): void } {
  const root = mkdtempSync(join(tmpdir(), "tolog-cli-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, name)), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return { path: root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Five TaskOverflow log lines (schema v1): two requests, one of them failing. */
export const SAMPLE_LOG = [
  { timestamp: "2026-11-21T10:00:00.000Z", level: "info", event: "request_started", request_id: "r1", method: "GET", route: "/api/v1/todos", message: "incoming request" },
  { timestamp: "2026-11-21T10:00:00.012Z", level: "info", event: "db_query", request_id: "r1", sql: "SELECT * FROM todos", duration_ms: 8.5, message: "query" },
  { timestamp: "2026-11-21T10:00:00.020Z", level: "info", event: "request_finished", request_id: "r1", method: "GET", route: "/api/v1/todos", status: 200, duration_ms: 20.1, message: "request completed" },
  { timestamp: "2026-11-21T10:00:01.000Z", level: "error", event: "error", request_id: 'r2, "quoted"', method: "POST", route: "/api/v1/todos", error_type: "TypeError", error: "x is undefined", message: "unhandled error" },
  { timestamp: "2026-11-21T10:00:01.005Z", level: "info", event: "request_finished", request_id: 'r2, "quoted"', method: "POST", route: "/api/v1/todos", status: 500, duration_ms: 5, message: "request completed" },
]
  .map((line) => JSON.stringify(line))
  .join("\n") + "\n";
