import { showInteractive } from "../../analyses/show-interactive.js";
import { defineCommand } from "../command.js";
import { UserError } from "../../shared/errors.js";
import { analysisOptions, analysisRunner, outputMode, printJson, renderOptions } from "./analysis-support.js";
import { parseRelative } from "../time-range.js";

export const racesCommand = defineCommand({
  command: "races",
  describe: "What became of every todo created in the range: deleted, or why it was left behind",
  examples: [
    ["$0 races --logs ./logs", "created, deleted and orphaned todos, and the dominant cause"],
    ["$0 races --logs ./logs --format json", "every todo's lifecycle as JSON"],
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
    const timeoutAgo = parseRelative(args.clientTimeout, 0);
    if (timeoutAgo === undefined || timeoutAgo === 0) {
      throw new UserError(`--client-timeout "${args.clientTimeout}" is not a duration.`, { hint: "For example 60s or 2m." });
    }
    const { run, range } = await analysisRunner(args, ctx);
    const window = range.start !== undefined && range.end !== undefined ? { start: range.start, end: range.end } : undefined;
    const { races } = await import("../../analyses/races/query.js");
    const model = await races(run, { clientTimeoutMs: -timeoutAgo, ...(window ? { window } : {}) });
    if (mode === "json") return printJson((await import("../../analyses/races/render-json.js")).racesJson(model), ctx);
    if (mode === "table") return ctx.print((await import("../../analyses/races/render-table.js")).renderRacesTable(model, renderOptions(ctx)));
    await showInteractive(async () => (await import("../../analyses/races/view.js")).RacesView, { model });
  },
});
