import type { QueryResult, RunOptions } from "../engine/api.js";
import type { HandlerContext } from "./context.js";
import { localProgress } from "./local-progress.js";
import type { QuerySource } from "./resolve-source.js";

/**
 * Runs query text on a source: the embedded engine for local files, Logs Insights for
 * --log-group. `everyRow` (the analyses): on CloudWatch, past the row cap in time slices; local
 * files give every row to `options.onRows` already.
 */
export async function runQueryOn(
  source: QuerySource,
  text: string,
  options: RunOptions,
  ctx: HandlerContext,
  fetch: { everyRow?: boolean } = {},
): Promise<QueryResult> {
  switch (source.kind) {
    case "local": {
      const progress = localProgress(ctx);
      let result: QueryResult | undefined;
      try {
        result = await (await ctx.engine()).runQuery(text, source.events, { ...options, onProgress: progress.onProgress, onWarning: (message) => ctx.warn(message) });
        return result;
      } finally {
        progress.done(result?.statistics);
      }
    }
    case "cloudwatch":
      return source.run(text, options, fetch);
  }
}
