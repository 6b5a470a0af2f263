import type { AnalysisFold } from "../../analyses/analysis-fold.js";
import { savedQueryLoader } from "../../analyses/saved-query-loader.js";
import type { OutputFormat } from "../../output/formats.js";
import { withoutFloatNoise } from "../../output/records.js";
import { renderCsv } from "../../output/csv.js";
import { analysisTable, type AnalysisArgs, type AnalysisOutput, type AnswerContext, renderOptions } from "../commands/analysis-support.js";
import type { HandlerContext } from "../context.js";
import { queryDirs } from "../query-text.js";
import { followLoop } from "./loop.js";
import { LiveRunner } from "./live-runner.js";
import { followStatus } from "./status.js";
import { followedInput, followedOutput } from "./view.js";

/**
 * An analysis with `--follow`: its saved queries run live over the events as they arrive, their
 * rows folded into the analysis's state as a one-off run folds them (live-runner.ts), and its
 * answer is worked out from that state and redrawn every interval, in place on a terminal, as a
 * new snapshot otherwise (json: one document per line).
 */
export async function followAnalysis<M>(
  args: AnalysisArgs,
  ctx: HandlerContext,
  intervalMs: number,
  fold: () => AnalysisFold<M>,
  output: (model: M) => Promise<AnalysisOutput>,
): Promise<number> {
  const input = await followedInput(args, ctx);
  const { format } = input;
  const { openLiveQuery } = await import("../../engine/live.js");
  const now = ctx.now();
  const runner = await LiveRunner.open(fold, savedQueryLoader(queryDirs(args, ctx)), (text) => openLiveQuery(text, { now, start: input.range.start }));
  const { feed, snapshots, answer } = await followedOutput(args, ctx, input, intervalMs);
  return followLoop({
    feed,
    intervalMs,
    signal: ctx.stop,
    handlers: {
      events: (events) => runner.push(events),
      tick: async () => {
        const shown = await output(runner.answer());
        const status = followStatus(feed, runner.statistics(), undefined, intervalMs, ctx);
        snapshots.show((width) => draw(shown, format, width, ctx, answer), status);
      },
      end: () => snapshots.end(),
    },
  });
}

function draw(output: AnalysisOutput, format: OutputFormat, width: number, ctx: HandlerContext, answer: AnswerContext): string {
  switch (format) {
    // ndjson never comes here: snapshots refuse it (refuseNdjsonSnapshots, in followedInput).
    case "ndjson":
    case "json":
      return JSON.stringify(output.json(), withoutFloatNoise);
    case "csv":
      // A csv snapshot ends in its CRLF, as every record of it does.
      return renderCsv(analysisTable(output));
    case "table":
      // Notes (columns left out) would be said again at every redraw, under the view: not at all.
      return output.table({ ...renderOptions(ctx, answer), width: ctx.io.isTTY ? width : 160, note: () => {} }).trimEnd();
  }
}
