import { writeFileSync } from "node:fs";
import { ArgsError, USAGE, parseArgs } from "./args.js";
import { createHttpClient } from "./http-client.js";
import { Metrics, connectionFailures, formatSummary, summarise } from "./metrics.js";
import { clientGroundTruth } from "./ground-truth.js";
import { runScenario } from "./scenario.js";
import { STOP_SIGNALS, exitCodeFor, exitForSignal } from "../../src/signals.js";

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
  let interruptedBy: NodeJS.Signals | undefined;
  const clock = {
    startedAt,
    ended: () => interruptedBy !== undefined || performance.now() - startedAt >= args.durationMs,
    elapsedMs: () => performance.now() - startedAt,
  };
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

  // What the run observed, on stdout as k6 prints it, then what stderr must add; the exit code.
  const report = (interruptedBy?: NodeJS.Signals): { stdout: string; stderr: string; code: number } => {
    const summary = summarise(metrics, clock.elapsedMs());
    // Iterations cut by the interruption, as k6 counts them.
    if (interruptedBy) summary.interrupted_iterations += metrics.inProgress;
    let stderr = warned > 40 ? `... ${warned - 40} more failed requests\n` : "";
    let code = 0;
    const connect = connectionFailures(metrics);
    if (connect.sent > 0 && connect.failed === connect.sent) {
      // Not the course's bugs (their DELETE never leaves the client): nothing answered at all.
      stderr +=
        `load: no request reached the service: all ${connect.sent} could not connect to ${args.endpoint.origin} (${connect.example}).\n` +
        `  Is the service running? Start it with: npm start -w service (http://127.0.0.1:6400), or give --endpoint its address.\n`;
      code = 1;
    } else if (connect.failed > 0) {
      stderr += `load: ${connect.failed} of ${connect.sent} requests could not connect to ${args.endpoint.origin} (${connect.example}): did the service stop during the run?\n`;
    }
    if (interruptedBy) {
      stderr += `load: interrupted (${interruptedBy}) after ${(clock.elapsedMs() / 1000).toFixed(1)} s: the summary above is of the requests that had completed\n`;
    }
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
        ...(interruptedBy ? { interrupted: interruptedBy } : {}),
        summary,
        client: clientGroundTruth(metrics),
      };
      writeFileSync(args.summaryJson, JSON.stringify(out, null, 2) + "\n");
    }
    return { stdout: formatSummary(summary), stderr, code };
  };

  // Ctrl-C, SIGTERM or SIGHUP: the summary so far (as k6 prints it), then 128 + the signal's
  // number. A second Ctrl-C or SIGTERM ends it at once (a closed terminal sends SIGHUP twice).
  for (const stream of [process.stdout, process.stderr]) stream.on("error", () => undefined); // a closed terminal
  const onSignal = (signal: NodeJS.Signals) => {
    if (interruptedBy !== undefined) {
      if (signal !== "SIGHUP") process.exit(exitCodeFor(signal));
      return;
    }
    interruptedBy = signal;
    const { stdout, stderr } = report(signal);
    client.destroy();
    const exit = () => exitForSignal(signal);
    setTimeout(exit, 2000).unref(); // a pipe nobody reads must not keep it
    process.stdout.write(stdout, () => process.stderr.write(stderr, exit));
  };
  for (const signal of STOP_SIGNALS) process.on(signal, onSignal);

  // Bounded in time: after --duration, in-flight requests get --grace, then are cut.
  const deadline = new Promise<void>((r) => setTimeout(r, args.durationMs + args.graceMs + 250).unref());
  await Promise.race([scenario, deadline]);
  client.destroy();
  await Promise.race([scenario, new Promise((r) => setTimeout(r, 1000))]);
  if (interruptedBy) return new Promise<never>(() => undefined); // the signal's handler ends it

  const { stdout, stderr, code } = report();
  process.stdout.write(stdout);
  process.stderr.write(stderr);
  return code;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    process.stderr.write(`load: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
