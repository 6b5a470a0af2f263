import type { RunnerArgs } from "./args.js";
import type { HttpClient, HttpResult } from "./http-client.js";
import type { Metrics } from "./metrics.js";

const TODOS = "/api/v1/todos";
const TODO = "/api/v1/todos/:id";

export interface Clock {
  readonly startedAt: number;
  /** True once --duration has passed: no new iteration starts. */
  ended(): boolean;
  elapsedMs(): number;
}

/** The planner's payload, as in the course's script (2025 handout). */
export const PLANNER_TODO = { title: "CSSE6400 Clout Assignment", completed: false, description: "", deadline_at: "2025-09-05T15:00:00" };

/** Ramping studier target at `f` (0..1) of the run: the course's 1m/3m/2m stages, compressed. */
export function studierTarget(peak: number, f: number): number {
  const first = Math.round(peak * 0.2);
  if (f <= 0) return 0;
  if (f < 1 / 6) return Math.round(first * f * 6);
  if (f < 4 / 6) return Math.round(first + (peak - first) * ((f - 1 / 6) * 2));
  if (f < 1) return Math.round(peak * (1 - (f - 4 / 6) * 3));
  return 0;
}

async function sleep(ms: number, cut: () => boolean): Promise<boolean> {
  const until = performance.now() + ms;
  while (performance.now() < until) {
    if (cut()) return false;
    await new Promise((r) => setTimeout(r, Math.min(250, until - performance.now())));
  }
  return true;
}

export interface ScenarioHooks {
  warn(result: HttpResult): void;
}

/**
 * Runs studiers (ramping VUs: GET the list, check 200, sleep) and planners (shared iterations:
 * POST, check, sleep, DELETE, check, sleep) until both are done or --duration has passed.
 */
export async function runScenario(args: RunnerArgs, client: HttpClient, metrics: Metrics, clock: Clock, hooks: ScenarioHooks): Promise<void> {
  const base = args.endpoint.origin + args.endpoint.pathname.replace(/\/$/, "");
  const todosUrl = base + TODOS;
  const fraction = () => clock.elapsedMs() / args.durationMs;
  const send = async (method: string, url: string, route: string, body?: string) => {
    const r = metrics.record(await client.request(method, url, route, body));
    if (r.status === 0 || r.status >= 500) hooks.warn(r);
    return r;
  };

  const studier = async (slot: number) => {
    const stop = () => clock.ended() || studierTarget(args.studiers, fraction()) <= slot;
    while (!stop()) {
      const t0 = performance.now();
      metrics.inProgress++;
      const r = await send("GET", todosUrl, TODOS);
      metrics.check("is status 200", r.status === 200);
      const slept = await sleep(args.studierSleepMs, stop);
      metrics.inProgress--;
      if (slept) {
        metrics.iterations.studier++;
        metrics.iterationMs.push(performance.now() - t0);
      } else metrics.interrupted++;
    }
  };

  let claimed = 0;
  const planner = async () => {
    while (!clock.ended() && claimed < args.iterations) {
      claimed++;
      const t0 = performance.now();
      metrics.inProgress++;
      const post = await send("POST", todosUrl, TODOS, JSON.stringify(PLANNER_TODO));
      // Corrected: 201. Both course versions checked 200, which fails on every success.
      if (args.courseBugs === "none") metrics.check("is status 201", post.status === 201);
      else metrics.check("is status 200", post.status === 200);
      if (!(await sleep(args.plannerSleepMs, clock.ended))) {
        metrics.inProgress--;
        metrics.interrupted++;
        return;
      }
      let del: HttpResult | undefined;
      if (args.courseBugs === "none") {
        const id = post.status === 201 ? (JSON.parse(post.body ?? "{}") as { id?: number }).id : undefined;
        if (id !== undefined) del = await send("DELETE", `${todosUrl}/${id}`, TODO);
      } else if (args.courseBugs === "2023") {
        // request.id is undefined on a k6 Response: the template literal sends ".../undefined".
        del = await send("DELETE", `${todosUrl}/undefined`, TODO);
      } else {
        // '${url}/${wrongId}' in single quotes is not a URL: refused before sending, status 0.
        del = await send("DELETE", "${url}/${wrongId}", TODO);
      }
      if (del) metrics.check("is status 200", del.status === 200);
      const slept = await sleep(args.plannerSleepMs, clock.ended);
      metrics.inProgress--;
      if (slept) {
        metrics.iterations.planner++;
        metrics.iterationMs.push(performance.now() - t0);
      } else metrics.interrupted++;
    }
  };

  const running: Promise<void>[] = [];
  for (let i = 0; i < args.planners; i++) running.push(planner());
  metrics.vusMax = args.planners;

  // Start studier slots as the ramp reaches them; a slot stops itself when the ramp drops below it.
  let started = 0;
  let active = 0;
  while (!clock.ended()) {
    const target = studierTarget(args.studiers, fraction());
    while (started < target) {
      const slot = started++;
      active++;
      metrics.vusMax = Math.max(metrics.vusMax, args.planners + active);
      running.push(studier(slot).finally(() => active--));
    }
    // Slots that stopped during a ramp-down may be needed again on a later ramp-up.
    if (started > target && active === 0) started = target;
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all(running);
}
