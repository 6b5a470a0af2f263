import { normaliseRows } from "../../analyses/events.js";
import { WatchModel, type WatchOptions } from "../../analyses/watch/model.js";
import { renderWatch } from "../../analyses/watch/render.js";
import type { AnalysisArgs } from "../commands/analysis-support.js";
import type { HandlerContext } from "../context.js";
import { followLoop } from "./loop.js";
import { resolveFollow } from "./options.js";
import { followStatus } from "./status.js";
import { followedInput, followedOutput } from "./view.js";
import { withoutFloatNoise } from "../../output/records.js";

/** The lines the dashboard reads: every line of a request, and the todos' lives. */
export const WATCH_QUERY = `fields @timestamp, @message, @logStream, @log
| filter ispresent(request_id) or event in ["todo_created", "todo_deleted"]`;

/**
 * `tolog watch`: the source followed, its lines folded into the dashboard's model as they arrive
 * (memory bounded by what is in flight and the window, see watch/model.ts), redrawn every interval.
 */
export async function watch(args: AnalysisArgs, ctx: HandlerContext, options: WatchOptions): Promise<number> {
  const { intervalMs } = resolveFollow(args)!;
  const input = await followedInput(args, ctx);
  const { format } = input;
  const { openLiveQuery } = await import("../../engine/live.js");
  const live = openLiveQuery(WATCH_QUERY, { now: ctx.now(), start: input.range.start });
  const model = new WatchModel(options);
  const { feed, snapshots, answer } = await followedOutput(args, ctx, input, intervalMs);
  return followLoop({
    feed,
    intervalMs,
    signal: ctx.stop,
    handlers: {
      events: (events) => {
        live.push(events);
        const rows = live.take();
        if (rows.length > 0) model.push(normaliseRows(rows).events);
      },
      tick: () => {
        const snapshot = model.snapshot();
        const status = followStatus(feed, live.statistics(), undefined, intervalMs, ctx);
        snapshots.show((width, height) => {
          if (format === "table") return renderWatch(snapshot, { chalk: ctx.chalk, color: ctx.color, width, height, wrap: ctx.io.isTTY, command: answer.followUp });
          return JSON.stringify(snapshot, withoutFloatNoise);
        }, status);
      },
      end: () => snapshots.end(),
    },
  });
}
