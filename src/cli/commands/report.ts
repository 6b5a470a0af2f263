import { renameSync, writeFileSync } from "node:fs";
import path from "node:path";
import { parseBinDuration } from "../../analyses/bin-duration.js";
import { UsageError, UserError } from "../../shared/errors.js";
import { defineCommand } from "../command.js";
import { savedQueryOptions, sourceOptions, timeOptions } from "../options.js";
import { packageVersion } from "../package-info.js";
import { makeDirectorySync } from "../../shared/make-directory.js";

export const reportCommand = defineCommand({
  command: "report",
  describe: "Write one self-contained HTML report of a run: headline numbers, charts over time, where the time goes, slow SQL, orphaned todos, the slowest request",
  examples: [
    ["$0 report --logs fixtures/runs/course-bugs --out report.html", "a report to hand in or show on a projector (opens offline)"],
    ["$0 report --log-group taskoverflow --since 1h --out report.html", "the same from CloudWatch"],
    ["$0 report --logs ./logs --out report.html --by-time 30s --title 'Load test, 12 May'", "with 30 s bins and a title of your own"],
  ],
  args: {
    ...sourceOptions,
    ...timeOptions,
    ...savedQueryOptions,
    out: { type: "string", requiresArg: true, demandOption: true, describe: "The HTML file to write (its directory is created)" },
    title: { type: "string", requiresArg: true, describe: "The report's title (default: TaskOverflow run report)" },
    "by-time": { type: "string", requiresArg: true, describe: "Bin width of the charts (default: about 60 bins over the run)" },
  },
  async handler(args, ctx) {
    if (!/\.html?$/i.test(args.out)) throw new UsageError(`--out ${args.out} is not an .html file.`, { hint: "For example --out report.html." });
    const binMs = args.byTime === undefined ? undefined : parseBinDuration(args.byTime);
    if (args.byTime !== undefined && binMs === undefined) throw new UsageError(`--by-time "${args.byTime}" is not a bin width.`, { hint: "Use a number and a unit: 10s, 1m, 5m." });
    const [{ buildReport }, { renderReportHtml }, { reportAssets }] = await Promise.all([
      import("../report/build.js"),
      import("../../analyses/report/render-html.js"),
      import("../report/assets.js"),
    ]);
    const assets = reportAssets();
    const model = await buildReport(args, ctx, { toolVersion: packageVersion(), ...(args.title !== undefined ? { title: args.title } : {}), ...(binMs !== undefined ? { binMs } : {}) });
    const html = renderReportHtml(model, assets);
    const out = path.resolve(args.out);
    try {
      makeDirectorySync(path.dirname(out));
      // Written beside it and renamed: an interrupted run never leaves half a report.
      const partial = `${out}.partial`;
      writeFileSync(partial, html);
      renameSync(partial, out);
    } catch (error) {
      throw new UserError(`Cannot write ${args.out}: ${(error as Error).message}.`, { hint: "Choose a path in a directory you can write to.", cause: error });
    }
    for (const missing of model.missing) ctx.info(ctx.chalk.dim(`no data: ${missing}`));
    // Where it is, as a path to open: relative when under the working directory.
    const relative = path.relative(process.cwd(), out);
    ctx.print(relative !== "" && !relative.startsWith("..") && !path.isAbsolute(relative) ? relative : out);
  },
});
