import { awsOptions } from "../aws-options.js";
import { defineCommand } from "../command.js";
import { UsageError } from "../../shared/errors.js";
import { timeOptions } from "../options.js";
import { resolveTimeRange } from "../time-range.js";

export const pullCommand = defineCommand({
  command: "pull",
  describe: "Download a log group's events (FilterLogEvents) into a directory that --logs reads: offline, repeatable and free",
  examples: [
    ["$0 pull --log-group taskoverflow --since 6h", "the last six hours into ./logs"],
    ["$0 pull --log-group taskoverflow --since 1d --filter-pattern '{ $.level = \"error\" }' --out ./errors", "only errors"],
    ["$0 trace 3f9c2a1e-7b4d-4e8f-9a6b-2c1d0e9f8a7b --logs ./logs", "afterwards: any analysis, offline"],
  ],
  epilogue:
    "An interrupted pull continues where it stopped when run again with the same --log-group, --filter-pattern and --out. " +
    "Exit codes: 0 done, 1 error, 130 interrupted (run it again to resume).",
  args: {
    "log-group": { type: "string", requiresArg: true, describe: "The log group to download (one name)" },
    ...timeOptions,
    "filter-pattern": { type: "string", requiresArg: true, describe: "CloudWatch filter pattern (not Insights QL): only matching events" },
    out: { type: "string", requiresArg: true, default: "logs", describe: "The directory to write to (a sub-directory per log group)" },
    ...awsOptions,
  },
  async handler(args, ctx) {
    if (args.logGroup === undefined) throw new UsageError("Name the log group to pull.", { hint: "Pass --log-group NAME." });
    // CloudWatch's pattern for a group name; checked before --out gets a directory for it.
    if (!/^[.\-_/#A-Za-z0-9]{1,512}$/.test(args.logGroup)) {
      throw new UsageError(`--log-group ${args.logGroup} is not a log group name: pull takes one group, named whole.`, {
        hint: "Name it as CloudWatch does (letters, digits and . - _ / #); tolog query --log-group 'prefix*' lists what a prefix matches.",
      });
    }
    const range = resolveTimeRange(args, ctx.now());
    const { runPull } = await import("./pull-run.js");
    return runPull({ ...args, logGroup: args.logGroup, out: args.out ?? "logs" }, range, ctx);
  },
});
