import { isLoopback } from "./args.js";
import { createHttpClient } from "./http-client.js";
import { type Trend, trend } from "./metrics.js";

export interface ListBenchResult {
  todos: number;
  concurrency: number;
  duration_s: number;
  requests: number;
  errors: number;
  rps: number;
  latency_ms: Trend;
}

/** Creates todos through the API until the list holds `n` (bounded: at most n POSTs). */
export async function seedTodos(endpoint: string, n: number, concurrency = 16): Promise<void> {
  const current = ((await (await fetch(`${endpoint}/api/v1/todos`)).json()) as unknown[]).length;
  let remaining = Math.max(0, n - current);
  const worker = async () => {
    while (remaining > 0) {
      remaining--;
      const res = await fetch(`${endpoint}/api/v1/todos`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ title: "CSSE6400 Clout Assignment", completed: false, description: "", deadline_at: "2025-09-05T15:00:00" }),
      });
      if (res.status !== 201) throw new Error(`seeding failed: POST answered ${res.status}`);
      await res.arrayBuffer();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * Closed-loop GET /api/v1/todos: `concurrency` clients, each sending its next request when the
 * previous one ends, for `durationMs` (and at most `maxRequests`). Loopback only.
 */
export async function benchList(endpoint: string, opts: { concurrency: number; durationMs: number; timeoutMs?: number; maxRequests?: number; todos: number }): Promise<ListBenchResult> {
  if (!isLoopback(new URL(endpoint))) throw new Error("benchList: loopback endpoints only");
  let sent = 0;
  const max = opts.maxRequests ?? 1_000_000;
  const client = createHttpClient({ timeoutMs: opts.timeoutMs ?? 60_000, sendRequestId: false, admit: () => sent++ < max });
  const durations: number[] = [];
  let errors = 0;
  const t0 = performance.now();
  const end = t0 + opts.durationMs;
  const worker = async () => {
    while (performance.now() < end && sent < max) {
      const r = await client.request("GET", `${endpoint}/api/v1/todos`, "/api/v1/todos");
      if (r.status === 200) durations.push(r.durationMs);
      else errors++;
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, worker));
  const elapsed = (performance.now() - t0) / 1000;
  client.destroy();
  return {
    todos: opts.todos,
    concurrency: opts.concurrency,
    duration_s: Math.round(elapsed * 10) / 10,
    requests: durations.length,
    errors,
    rps: Math.round((durations.length / elapsed) * 10) / 10,
    latency_ms: trend(durations),
  };
}
