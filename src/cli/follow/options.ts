import { parseBinDuration } from "../../analyses/bin-duration.js";
import { UsageError } from "../../shared/errors.js";
import type { OptionSpecs } from "../command.js";

/** `--follow` and its redraw interval, for query and the analyses. */
export const followOptions = {
  follow: {
    type: "boolean",
    alias: "f",
    describe: "Keep going as events arrive (local files that grow, stdin, or a log group, polled): new rows as they come, or the result redrawn every --interval; Ctrl-C stops",
  },
  interval: {
    type: "string",
    requiresArg: true,
    describe: "With --follow: how often a result is redrawn (default 2s; 500ms to 10m)",
  },
} as const satisfies OptionSpecs;

export interface FollowArgs {
  follow?: boolean;
  interval?: string;
  end?: string;
  interactive?: boolean;
}

export const DEFAULT_INTERVAL_MS = 2000;

/** The redraw interval when following, undefined when not; the combinations that make no sense are usage errors. */
export function resolveFollow(args: FollowArgs): { intervalMs: number } | undefined {
  if (!args.follow) {
    if (args.interval !== undefined) throw new UsageError("--interval sets how often --follow redraws; give --follow too.");
    return undefined;
  }
  if (args.end !== undefined) throw new UsageError("--follow reads events as they arrive, so it has no --end.", { hint: "Drop --end (or --follow for a fixed range)." });
  if (args.interactive) throw new UsageError("--follow redraws the answer by itself; it cannot be combined with --interactive.");
  if (args.interval === undefined) return { intervalMs: DEFAULT_INTERVAL_MS };
  const ms = parseBinDuration(args.interval);
  if (ms === undefined || ms < 500 || ms > 600_000) {
    throw new UsageError(`--interval "${args.interval}" is not an interval between 500ms and 10m.`, { hint: "For example --interval 5s." });
  }
  return { intervalMs: ms };
}

/**
 * An answer redrawn every interval is a snapshot: ndjson's rows carry nothing that says where one
 * snapshot ends, so a reader would run them together. json gives each snapshot a line; csv
 * repeats its header.
 */
export function refuseNdjsonSnapshots(format: string): void {
  if (format !== "ndjson") return;
  throw new UsageError("--follow redraws this answer every interval, and ndjson's rows would run one snapshot into the next.", {
    hint: "Use --format json: one document per snapshot, a line each (csv repeats its header at each snapshot).",
  });
}
