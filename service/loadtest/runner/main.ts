import { writeFileSync } from "node:fs";
import { ArgsError, USAGE, parseArgs } from "./args.js";
import { createHttpClient } from "./http-client.js";
import { Metrics, formatSummary, summarise } from "./metrics.js";
import { clientGroundTruth } from "./ground-truth.js";
import { runScenario } from "./scenario.js";

/** `npm run load -w service -- ...`: the planners-and-studiers scenario without k6. */
async function main(): Promise<number> {
  let args;
  try {
    args = parseArgs(process.argv.slice(2));
  } catch (err) {
    if (err instanceof ArgsError) {
      if (err.message) process.stderr.write(`load: ${err.message}\n\n`);
      process.stderr.write(`${USAGE}\n`);
      return err.message ? 2 : 0;
    }
    throw err;
  }

  const metrics = new Metrics();
  let sent = 0;
  const client = createHttpClient({ timeoutMs: args.timeoutMs, sendRequestId: args.sendRequestId, admit: () => sent++ < args.maxRequests });
  const startedAt = performance.now();
  const clock = { startedAt, ended: () => performance.now() - startedAt >= args.durationMs, elapsedMs: () => performance.now() - startedAt };
  let warned = 0;
  const warn = (r: { method: string; url: string; error?: string; status: number }) => {
    if (args.quiet) return;
    warned++;
    if (warned > 40) return;
    const at = String(Math.floor(clock.elapsedMs() / 1000)).padStart(4, "0");
    // k6's wording: Delete "$%7Burl%7D/$%7BwrongId%7D": unsupported protocol scheme ""
    const url = r.url.replace(/\{/g, "%7B").replace(/\}/g, "%7D");
    const what = r.error ? `error="${r.method[0] + r.method.slice(1).toLowerCase()} \\"${url}\\": ${r.error.replace(/"/g, '\\"')}"` : `status=${r.status} ${r.method} ${r.url}`;
    process.stderr.write(`WARN[${at}] Request Failed ${what}\n`);
  };

  // Short lines: the demo shows them on a projector's 80 columns.
  process.stderr.write(
    `load: ${args.endpoint.origin} for ${args.durationMs / 1000}s, timeout ${args.timeoutMs}ms\n` +
      `  ${args.studiers} studiers (sleep ${args.studierSleepMs}ms), ${args.planners} planners x ${args.iterations} iterations (sleep ${args.plannerSleepMs}ms)\n` +
      `${args.courseBugs === "none" ? "" : `  course bugs: ${args.courseBugs}\n`}`,
  );
  const scenario = runScenario(args, client, metrics, clock, { warn });
  // Bounded in time: after --duration, in-flight requests get --grace, then are cut.
  const deadline = new Promise<void>((r) => setTimeout(r, args.durationMs + args.graceMs + 250).unref());
  await Promise.race([scenario, deadline]);
  client.destroy();
  await Promise.race([scenario, new Promise((r) => setTimeout(r, 1000))]);
  if (warned > 40) process.stderr.write(`... ${warned - 40} more failed requests\n`);

  const summary = summarise(metrics, clock.elapsedMs());
  process.stdout.write(formatSummary(summary));
  if (args.summaryJson) {
    const out = {
      scenario: {
        endpoint: args.endpoint.origin,
        duration_ms: args.durationMs,
        studiers: args.studiers,
        planners: args.planners,
        iterations: args.iterations,
        studier_sleep_ms: args.studierSleepMs,
        planner_sleep_ms: args.plannerSleepMs,
        timeout_ms: args.timeoutMs,
        course_bugs: args.courseBugs,
        send_request_id: args.sendRequestId,
      },
      summary,
      client: clientGroundTruth(metrics),
    };
    writeFileSync(args.summaryJson, JSON.stringify(out, null, 2) + "\n");
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
