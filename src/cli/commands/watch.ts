import { defineCommand } from "../command.js";
import { UsageError } from "../../shared/errors.js";
import { parseBinDuration } from "../../analyses/bin-duration.js";
import { formatOptions, savedQueryOptions, sourceOptions, timeOptions } from "../options.js";
import { followOptions } from "../follow/options.js";

export const watchCommand = defineCommand({
  command: "watch",
  describe: "A live dashboard of TaskOverflow during a load test: p95 per route, errors, DB connection wait, orphans so far, the slowest request",
  examples: [
    ["$0 watch --logs ./service.log", "redrawn in place every 2 s while the service writes its log"],
    ["$0 watch --log-group taskoverflow --since 5m", "the same over a CloudWatch log group, polled"],
    ["$0 watch --logs ./service.log --window 30s --format json", "one JSON snapshot per interval, for a script"],
  ],
  args: {
    ...sourceOptions,
    ...timeOptions,
    ...savedQueryOptions,
    ...formatOptions,
    interval: followOptions.interval,
    window: { type: "string", requiresArg: true, describe: "The recent window the per-route figures cover (default 1m)" },
    bin: { type: "string", requiresArg: true, describe: "Width of the chart's bins (default 5s)" },
  },
  async handler(args, ctx) {
    const windowMs = duration("--window", args.window, 60_000);
    const binMs = duration("--bin", args.bin, 5_000);
    const { watch } = await import("../follow/watch.js");
    return watch({ ...args, follow: true }, ctx, { windowMs, binMs });
  },
});

function duration(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const ms = parseBinDuration(text);
  if (ms === undefined) throw new UsageError(`${flag} "${text}" is not a duration.`, { hint: `For example ${flag} 30s or ${flag} 5m.` });
  return ms;
}
