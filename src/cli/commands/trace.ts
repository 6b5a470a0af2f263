import { showInteractive } from "../../analyses/show-interactive.js";
import { EXIT } from "../../shared/exit-codes.js";
import { printable } from "../../output/printable.js";
import { defineCommand } from "../command.js";
import { UsageError, UserError } from "../../shared/errors.js";
import { limitRows, resolveLimit } from "../limit.js";
import { analysisOptions, analysisRunner, outputMode, printAnalysis } from "./analysis-support.js";
import { resolveFollow } from "../follow/options.js";
import { REQUEST_LINES } from "../../analyses/nothing-found.js";

/** No event carries the id in the range (the scripting contract's "nothing found"). */
const NO_EVENTS_EXIT_CODE = EXIT.noResults;

export const traceCommand = defineCommand({
  command: "trace [request-id]",
  describe: "Every event of one request, oldest first: a waterfall with SQL, gaps and a summary",
  examples: [
    ["$0 trace 3f9c2a1e-7b4d-4e8f-9a6b-2c1d0e9f8a7b --logs ./logs", "what happened to this request"],
    ["$0 trace --slowest --route /api/v1/todos --logs ./logs --since 1h", "the slowest list request of the last hour"],
    ["$0 trace 3f9c2a1e-7b4d-4e8f-9a6b-2c1d0e9f8a7b --logs ./logs --format json", "the summary and every event as JSON"],
    ["$0 trace --slowest --logs ./logs --format csv", "one CSV row per event"],
  ],
  positionals: {
    "request-id": { type: "string", describe: "The request id (X-Request-ID) to trace" },
  },
  args: {
    ...analysisOptions,
    slowest: { type: "boolean", describe: "Trace the slowest request in the time range instead" },
    route: { type: "string", requiresArg: true, describe: "With --slowest: only requests on this route template" },
  },
  async handler(args, ctx) {
    const { findSlowestRequest, isValidRequestId, traceFold, traceRequest } = await import("../../analyses/trace/query.js");
    const mode = outputMode(args, ctx);
    const limit = resolveLimit(args.limit);
    const given = args.requestId;
    if (given !== undefined && args.slowest) throw new UsageError("Give a request id or --slowest, not both.");
    if (given === undefined && !args.slowest) throw new UsageError("Give the request id to trace, or --slowest.");
    if (args.route !== undefined && !args.slowest) throw new UsageError("--route narrows --slowest; give --slowest too.");
    if (given !== undefined && !isValidRequestId(given)) {
      // A value that cannot be read, as README's exit codes put it: a usage error (exit 2).
      throw new UsageError(`"${given}" is not a request id.`, {
        hint: "Request ids are 1-128 characters of A-Z a-z 0-9 . _ : - (a UUID, or the X-Request-ID the client sent).",
      });
    }
    const follow = resolveFollow(args);
    if (follow) {
      if (given === undefined) {
        throw new UsageError("trace --follow follows one request id; the slowest request changes as requests arrive.", {
          hint: "Give the request id, or watch the slowest request so far with tolog watch.",
        });
      }
      const { followAnalysis } = await import("../follow/follow-analysis.js");
      return followAnalysis(args, ctx, follow.intervalMs, () => traceFold(given), async (model) => {
        const [{ traceJson, traceRows }, { renderTraceTable }] = await Promise.all([import("../../analyses/trace/render-json.js"), import("../../analyses/trace/render-table.js")]);
        if (!model) return { json: () => ({ request_id: given, summary: null, events: [] }), rows: () => [], table: () => `No events for request ${given} yet.` };
        return { json: () => traceJson(model), rows: () => traceRows(model), table: (options) => renderTraceTable(model, options) };
      });
    }
    const runner = await analysisRunner(args, ctx);
    const { run } = runner;
    const requestId = given ?? (await findSlowestRequest(run, args.route));
    if (requestId === undefined) {
      // A range is blamed only when one was read (given, or CloudWatch's default hour).
      const ranged = runner.searched.start !== undefined || runner.searched.end !== undefined;
      throw new UserError(`No finished request (a request_finished line with a request_id)${args.route ? ` on ${args.route}` : ""} in ${runner.where}.`, {
        hint: ranged ? "Widen the range (--since, --start/--end) or check --logs / the log group." : `Check --logs: trace reads TaskOverflow's ${REQUEST_LINES}.`,
        exitCode: NO_EVENTS_EXIT_CODE,
      });
    }
    const model = await traceRequest(run, requestId);
    if (!model) {
      throw new UserError(`No events for request ${requestId}.`, {
        hint:
          "Check the time range (--since, --start/--end: the request may be older), the log group or files (--logs), " +
          "and the id's format (the full X-Request-ID, e.g. a UUID like 3f9c2a1e-7b4d-4e8f-9a6b-2c1d0e9f8a7b).",
        exitCode: NO_EVENTS_EXIT_CODE,
      });
    }
    if (mode === "interactive") {
      const view = async () => (await import("../../analyses/trace/view.js")).TraceView;
      await showInteractive(view, { model, width: ctx.io.columns, height: ctx.io.rows });
      return;
    }
    // On stderr, in every format (the JSON also keeps them in its summary): stdout is the answer.
    for (const warning of model.summary.warnings) ctx.warn(printable(warning));
    const steps = limitRows(model.steps, limit, "events", ctx.info);
    const shown = { ...model, steps: steps.rows };
    const { traceJson, traceRows } = await import("../../analyses/trace/render-json.js");
    const { renderTraceTable } = await import("../../analyses/trace/render-table.js");
    printAnalysis(mode, { json: () => traceJson(shown), rows: () => traceRows(shown), table: (options) => renderTraceTable(shown, options), truncated: steps.truncated }, ctx, runner);
  },
});
