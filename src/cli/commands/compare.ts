import { defineCommand } from "../command.js";
import { UsageError } from "../../shared/errors.js";
import type { OutputFormat } from "../../output/formats.js";
import { formatOptions, savedQueryOptions, sourceOptions, timeOptions } from "../options.js";
import { parseTime } from "../time-range.js";
import { analysisRunner, printAnalysis, type AnalysisArgs } from "./analysis-support.js";

const WINDOW_HINT = "Give a window as START/END, each as --start takes it: --before 2026-11-21T20:00Z/2026-11-21T20:10Z, or --before 3h/2h (from 3 hours ago to 2 hours ago).";

export const compareCommand = defineCommand({
  command: "compare",
  describe: "Two runs or two time windows side by side: latency and errors per route, where the time goes, top SQL, orphans, each with the change",
  examples: [
    ["$0 compare --logs fixtures/runs/course-bugs --logs fixtures/runs/corrected", "before and after the practical's fix"],
    ["$0 compare --log-group taskoverflow --before 2026-11-21T20:00Z/2026-11-21T20:10Z --after 2026-11-21T21:00Z/2026-11-21T21:10Z", "two windows of one log group"],
    ["$0 compare --logs ./before --logs ./after --format json", "every figure as {before, after, delta, relative}"],
    ["$0 compare --log-group run-1 --log-group run-2 --since 1d", "two runs in two log groups"],
  ],
  args: {
    ...sourceOptions,
    ...timeOptions,
    ...savedQueryOptions,
    ...formatOptions,
    before: { type: "string", requiresArg: true, describe: "The first window, START/END (with one --logs or --log-group); with two --logs, narrows the first" },
    after: { type: "string", requiresArg: true, describe: "The second window, START/END; with two --logs, narrows the second" },
  },
  async handler(args, ctx) {
    const format = (args.format ?? "table") as OutputFormat;
    const logs = args.logs ?? [];
    const groups = args.logGroup ?? [];
    if (logs.length > 2) throw new UsageError(`compare takes two --logs (before, after); got ${logs.length}.`, { hint: "Put each run's files in a directory, or quote a glob, so that each side is one --logs." });
    const windows = [args.before, args.after];
    if (windows.some((window) => window !== undefined) && (args.since !== undefined || args.start !== undefined || args.end !== undefined)) {
      throw new UsageError("--before/--after replace --since, --start and --end.", { hint: WINDOW_HINT });
    }
    if (logs.length > 0 && groups.length > 0) {
      throw new UsageError("compare reads both sides from local files (--logs) or both from CloudWatch (--log-group), not one of each.", {
        hint: "Pull the log group first (tolog pull --log-group NAME --out DIR), then compare --logs DIR --logs OTHER.",
      });
    }
    // Two sides: two --logs, or two --log-group without windows (with windows, both groups are read in each).
    const sided = logs.length === 2 ? logs : groups.length === 2 && windows.every((window) => window === undefined) ? groups : undefined;
    const oneSource = sided === undefined && (logs.length === 1 || groups.length > 0);
    if (oneSource && windows.some((window) => window === undefined)) {
      throw new UsageError("One source needs two windows to compare: give --before and --after.", {
        hint: `Or give two --logs paths (before, after). ${WINDOW_HINT}`,
      });
    }
    if (logs.length === 0 && groups.length === 0) {
      throw new UsageError("Nothing to compare.", { hint: `Give two --logs paths (before, after), or one --logs or --log-group with --before and --after. ${WINDOW_HINT}` });
    }
    const sideArgs = [0, 1].map((index): AnalysisArgs & typeof args => {
      const window = windows[index] === undefined ? undefined : parseWindow(index === 0 ? "--before" : "--after", windows[index]!, ctx.now());
      return {
        ...args,
        ...(sided === logs ? { logs: [logs[index]] } : sided === groups ? { logGroup: [groups[index]] } : {}),
        ...(window ? { since: undefined, start: window.start, end: window.end } : {}),
      };
    });
    const source = (index: number) => (sided ? sided[index] : logs.length === 1 ? logs[0] : groups.join(", "));
    const label = (index: number) => [source(index), windows[index]].filter((part) => part !== undefined).join(" ");
    const { compareSide } = await import("../../analyses/compare/query.js");
    const sides = [];
    let answer;
    for (const [index, side] of sideArgs.entries()) {
      const runner = await analysisRunner(side, ctx);
      const { start, end } = runner.range;
      sides.push(await compareSide(runner.run, label(index), start !== undefined && end !== undefined ? { start, end } : undefined));
      answer = runner;
    }
    const { buildComparison } = await import("../../analyses/compare/model.js");
    const model = buildComparison(sides[0], sides[1]);
    const { compareColumns, compareJson, compareRows } = await import("../../analyses/compare/render-json.js");
    const { renderCompareTable } = await import("../../analyses/compare/render-table.js");
    printAnalysis(format, { json: () => compareJson(model), rows: () => compareRows(model), columns: compareColumns, table: (options) => renderCompareTable(model, options) }, ctx, answer!);
  },
});

/** `START/END` (ISO 8601's interval form), each part as --start / --end read it, checked here so that errors name the flag. */
function parseWindow(flag: string, value: string, now: number): { start: string; end: string } {
  const parts = value.split("/").map((part) => part.trim());
  if (parts.length !== 2 || parts.some((part) => part === "")) {
    throw new UsageError(`${flag} "${value}" is not a window.`, { hint: WINDOW_HINT });
  }
  const [start, end] = parts.map((part) => parseTime(flag, part, now));
  if (start > end) throw new UsageError(`${flag} "${value}" starts after it ends.`, { hint: WINDOW_HINT });
  return { start: parts[0], end: parts[1] };
}
