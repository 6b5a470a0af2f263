import { showInteractive } from "../../analyses/show-interactive.js";
import { defineCommand } from "../command.js";
import { UsageError } from "../../shared/errors.js";
import { limitRows, resolveLimit } from "../limit.js";
import { analysisOptions, analysisRunner, outputMode, printAnalysis } from "./analysis-support.js";
import { parseRelative } from "../time-range.js";
import { resolveFollow } from "../follow/options.js";

export const racesCommand = defineCommand({
  command: "races",
  describe: "What became of every todo created in the range: deleted, or why it was left behind",
  examples: [
    ["$0 races --logs ./logs", "created, deleted and orphaned todos, and the dominant cause"],
    ["$0 races --logs ./logs --format json", "every todo's lifecycle as JSON"],
    ["$0 races --logs ./logs --format csv", "one CSV row per todo"],
    ["$0 races --follow --logs ./logs", "orphans so far, redrawn every 2 s while a load test runs"],
  ],
  args: {
    ...analysisOptions,
    "client-timeout": {
      type: "string",
      default: "60s",
      requiresArg: true,
      describe: "A POST slower than this was abandoned by the client (k6's default timeout is 60s)",
    },
  },
  async handler(args, ctx) {
    const mode = outputMode(args, ctx);
    const limit = resolveLimit(args.limit);
    const timeoutAgo = parseRelative(args.clientTimeout, 0);
    if (timeoutAgo === undefined || timeoutAgo === 0) {
      throw new UsageError(`--client-timeout "${args.clientTimeout}" is not a duration.`, { hint: "For example 60s or 2m." });
    }
    const { races, racesFold } = await import("../../analyses/races/query.js");
    const follow = resolveFollow(args);
    if (follow) {
      const { followAnalysis } = await import("../follow/follow-analysis.js");
      return followAnalysis(args, ctx, follow.intervalMs, () => racesFold({ clientTimeoutMs: -timeoutAgo }), async (model) => {
        const [{ racesJson, racesRows, RACES_COLUMNS }, { renderRacesTable }] = await Promise.all([import("../../analyses/races/render-json.js"), import("../../analyses/races/render-table.js")]);
        return { json: () => racesJson(model), rows: () => racesRows(model), columns: () => RACES_COLUMNS, table: (options) => renderRacesTable(model, options) };
      });
    }
    const runner = await analysisRunner(args, ctx);
    const { run, range } = runner;
    const window = range.start !== undefined && range.end !== undefined ? { start: range.start, end: range.end } : undefined;
    const model = await races(run, { clientTimeoutMs: -timeoutAgo, ...(window ? { window } : {}) });
    if (mode === "interactive") {
      await showInteractive(async () => (await import("../../analyses/races/view.js")).RacesView, { model, width: ctx.io.columns, height: ctx.io.rows });
      return;
    }
    // The table counts every todo; --limit cuts the list of todos in json, csv and ndjson.
    const todos = limitRows(model.todos, mode === "table" ? undefined : limit, "todos", ctx.info);
    const shown = { ...model, todos: todos.rows };
    const { racesJson, racesRows, RACES_COLUMNS } = await import("../../analyses/races/render-json.js");
    const { renderRacesTable } = await import("../../analyses/races/render-table.js");
    printAnalysis(mode, { json: () => racesJson(shown), rows: () => racesRows(shown), columns: () => RACES_COLUMNS, table: (options) => renderRacesTable(shown, options), truncated: todos.truncated }, ctx, runner);
  },
});
