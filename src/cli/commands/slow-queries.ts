import { parseBinDuration } from "../../analyses/bin-duration.js";
import { showInteractive } from "../../analyses/show-interactive.js";
import { RANK_KEYS, type RankBy } from "../../analyses/slow-queries/model.js";
import { defineCommand } from "../command.js";
import { UsageError } from "../../shared/errors.js";
import { limitRows, resolveLimit } from "../limit.js";
import { analysisOptions, analysisRunner, outputMode, printAnalysis, withinBinLimit } from "./analysis-support.js";
import { resolveFollow } from "../follow/options.js";

export const slowQueriesCommand = defineCommand({
  command: "slow-queries",
  describe: "SQL statements ranked by the time they take, with the request to trace next",
  examples: [
    ["$0 slow-queries --logs ./logs", "the 10 statements with the most total time"],
    ["$0 slow-queries --by p95 --top 5 --route /api/v1/todos --logs ./logs", "the 5 worst p95s on one route"],
    ["$0 slow-queries --by-time 1m --logs ./logs --since 1h", "with a per-minute p95 sparkline"],
    ["$0 slow-queries --logs ./logs --format csv", "one CSV row per statement"],
  ],
  args: {
    ...analysisOptions,
    by: { type: "string", choices: RANK_KEYS, default: "total", describe: "Rank by total time, p95, avg, max or calls" },
    top: { type: "number", default: 10, requiresArg: true, describe: "How many statements to show" },
    route: { type: "string", requiresArg: true, describe: "Only statements run by requests on this route template" },
    "by-time": { type: "string", requiresArg: true, describe: "Add a p95 sparkline per time bin: 30s, 1m, 5m, 1h" },
  },
  async handler(args, ctx) {
    const mode = outputMode(args, ctx);
    const limit = resolveLimit(args.limit);
    if (!Number.isInteger(args.top) || args.top < 1) {
      throw new UsageError(`--top ${args.top} is not a positive whole number.`, { hint: "For example --top 10." });
    }
    const binMs = args.byTime === undefined ? undefined : parseBinDuration(args.byTime);
    if (args.byTime !== undefined && binMs === undefined) {
      throw new UsageError(`--by-time "${args.byTime}" is not a bin width.`, { hint: "Use a number and a unit: 30s, 1m, 5m, 1h." });
    }
    const { slowQueries, slowQueriesFold } = await import("../../analyses/slow-queries/query.js");
    const follow = resolveFollow(args);
    if (follow) {
      const options = { by: args.by as RankBy, top: args.top, ...(args.route !== undefined ? { route: args.route } : {}), ...(binMs !== undefined ? { binMs } : {}) };
      const { followAnalysis } = await import("../follow/follow-analysis.js");
      return followAnalysis(args, ctx, follow.intervalMs, () => slowQueriesFold(options), async (model) => {
        const [{ slowQueriesColumns, slowQueriesJson, slowQueriesRows }, { renderSlowQueriesTable }] = await Promise.all([import("../../analyses/slow-queries/render-json.js"), import("../../analyses/slow-queries/render-table.js")]);
        return { json: () => slowQueriesJson(model), rows: () => slowQueriesRows(model), columns: () => slowQueriesColumns(model), table: (options) => renderSlowQueriesTable(model, options) };
      });
    }
    const runner = await analysisRunner(args, ctx);
    const { run, range } = runner;
    const window = range.start !== undefined && range.end !== undefined ? { start: range.start, end: range.end } : undefined;
    const model = await withinBinLimit(args.byTime, () =>
      slowQueries(run, {
        by: args.by as RankBy,
        top: args.top,
        ...(args.route !== undefined ? { route: args.route } : {}),
        ...(binMs !== undefined ? { binMs } : {}),
        ...(window ? { window } : {}),
      }),
    );
    if (mode === "interactive") {
      const view = async () => (await import("../../analyses/slow-queries/view.js")).SlowQueriesView;
      await showInteractive(view, { model, width: ctx.io.columns, height: ctx.io.rows, command: runner.followUp, searched: runner.where });
      return;
    }
    const statements = limitRows(model.statements, limit, "statements", ctx.info);
    const shown = { ...model, statements: statements.rows };
    const { slowQueriesColumns, slowQueriesJson, slowQueriesRows } = await import("../../analyses/slow-queries/render-json.js");
    const { renderSlowQueriesTable } = await import("../../analyses/slow-queries/render-table.js");
    printAnalysis(mode, { json: () => slowQueriesJson(shown), rows: () => slowQueriesRows(shown), columns: () => slowQueriesColumns(shown), table: (options) => renderSlowQueriesTable(shown, options), truncated: statements.truncated }, ctx, runner);
  },
});
