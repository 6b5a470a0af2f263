import type { HandlerContext } from "../context.js";
import { invocation, shellQuote } from "../follow-up.js";
import { UserError } from "../../shared/errors.js";
import type { TimeRange } from "../time-range.js";
import { createLogsClient } from "../../cloudwatch/client.js";
import { awsTarget, callAws, DEFAULT_RANGE_MS, type CloudWatchArgs } from "../../cloudwatch/cloudwatch-source.js";
import { formatBytes } from "../../output/footer.js";
import { interruptedExitCode } from "../../shared/signals.js";
import { indexAfterPull } from "../index-after-pull.js";
import { printCommand, printSentence } from "../print-note.js";
import { withInterruptSignal } from "../../cloudwatch/interrupt.js";
import { describeRange, lastEventTime, pullLogGroup, PullConflictError, type PullProgress } from "../../cloudwatch/pull.js";

export interface PullArgs extends Omit<CloudWatchArgs, "logGroup"> {
  logGroup: string;
  filterPattern?: string;
  out: string;
}

/** `tolog pull`: the download with a progress bar on stderr and a summary; returns the exit code. */
export async function runPull(args: PullArgs, range: TimeRange, ctx: HandlerContext): Promise<number> {
  const end = range.end ?? ctx.now();
  const start = range.start ?? end - DEFAULT_RANGE_MS;
  const client = createLogsClient(awsTarget(args), ctx.io.env);
  // The bar runs from the first event pulled to the group's newest one, where the window holds
  // them; asked for beside the pull, so that an endpoint that does not answer delays nothing.
  let newest: number | undefined;
  if (ctx.io.isTTY) void lastEventTime(client, args.logGroup).then((time) => (newest = time));
  const bar = (p: PullProgress) => progressBar(p, p.firstTimestamp ?? start, newest !== undefined && newest < end ? newest : end);
  try {
    const summary = await callAws(
      () =>
        withInterruptSignal((signal) =>
          pullLogGroup(
            client,
            { logGroup: args.logGroup, start, end, filterPattern: args.filterPattern, out: args.out },
            {
              signal,
              onProgress: (p) => (ctx.io.isTTY ? ctx.io.stderr.write(`\r\x1b[2K${bar(p)}`) : undefined),
              retry: { onRetry: (error) => ctx.info(`${(error as Error).name}: retrying`) },
            },
          ),
        ),
      { env: ctx.io.env, operation: "FilterLogEvents", logGroups: [args.logGroup], client },
    ).finally(() => ctx.io.isTTY && ctx.io.stderr.write("\r\x1b[2K"));
    if (summary.alreadyComplete) {
      ctx.info(`${summary.groupDir} already holds this pull (${summary.events} events); nothing to do.`);
      await indexAfterPull(args.out, [ctx.bundledQueriesDir], ctx);
      return 0;
    }
    if (summary.resumed) ctx.info(`resumed the interrupted pull of ${describeRange(summary.range)}`);
    printSentence(
      ctx,
      `pulled ${counted(summary.events, "event")} (${formatBytes(summary.bytes)}) from ${counted(summary.streams, "stream")} ` +
        `in ${counted(summary.pages, "page")} into ${summary.groupDir}`,
    );
    printCommand(ctx, "next (offline, free): ", `${invocation(ctx.io.env)} query 'stats count(*) by bin(5m)' --logs ${shellQuote(args.out)}`);
    await indexAfterPull(args.out, [ctx.bundledQueriesDir], ctx);
    return 0;
  } catch (error) {
    if (error instanceof PullConflictError) {
      throw new UserError(`${error.message}; pulling ${describeRange({ start, end, filterPattern: args.filterPattern })} into it would mix two ranges.`, {
        hint: "Pull into another directory (--out DIR), or delete that one first.",
      });
    }
    if (isAbort(error)) {
      throw new UserError("interrupted; the events pulled so far are kept.", { hint: "Run the same command again to resume.", exitCode: interruptedExitCode() });
    }
    throw error;
  } finally {
    client.destroy();
  }
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === "AbortError" || error.name === "InterruptedError" || /interrupted by SIG/.test(error.message));
}

function progressBar(p: PullProgress, start: number, end: number): string {
  // The newest event's time is an estimate: the bar stays short of its end until the pull is done.
  const fraction = p.reachedTimestamp === undefined ? 0 : Math.min(0.99, Math.max(0, (p.reachedTimestamp - start) / Math.max(1, end - start)));
  const width = 24;
  const filled = Math.round(fraction * width);
  return `[${"#".repeat(filled)}${"-".repeat(width - filled)}] ${Math.round(fraction * 100)}%  ${p.events.toLocaleString("en-US")} events  ${formatBytes(p.bytes)}`;
}

/** "1 stream", "3 streams", "38,393 events". */
function counted(n: number, noun: string): string {
  return `${n.toLocaleString("en-US")} ${noun}${n === 1 ? "" : "s"}`;
}
