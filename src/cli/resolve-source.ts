import type { CloudWatchArgs, CloudWatchQuerySource } from "../cloudwatch/cloudwatch-source.js";
import type { EventSource } from "../engine/source.js";
import type { HandlerContext } from "./context.js";
import { UsageError, UserError } from "../shared/errors.js";

/**
 * Where a query runs. Local files are read by the embedded engine; the CloudWatch source adds a
 * `{ kind: "cloudwatch", ... }` member here and a case in run-query.ts, selected by
 * `--log-group`.
 */
export type QuerySource = LocalQuerySource | CloudWatchQuerySource;

export interface LocalQuerySource {
  kind: "local";
  paths: string[];
  events: EventSource;
}

/** How to point tolog at logs; the CloudWatch source extends it with `--log-group`. */
export const SOURCE_HINT =
  "Pass --logs PATH (a file, a directory, a glob in quotes, or - for stdin), e.g. --logs ./logs, or set TOLOG_LOGS; or --log-group NAME to run on CloudWatch.";

/** The source selected by the shared source options (options.ts), or a UserError saying how to pick one. */
export async function resolveSource(args: { logs?: string[] } & CloudWatchArgs, ctx: HandlerContext): Promise<QuerySource> {
  const paths = args.logs ?? [];
  if (args.logGroup !== undefined && args.logGroup.length > 0) {
    if (paths.length > 0) throw new UsageError("Give --logs or --log-group, not both.", { hint: SOURCE_HINT });
    // Loaded here so that commands on local files never load the AWS SDK.
    return (await import("../cloudwatch/cloudwatch-source.js")).openCloudWatchSource(args, ctx);
  }
  if (paths.length === 0) throw new UsageError("No logs to read.", { hint: SOURCE_HINT });
  const open = await ctx.openLocalSource();
  try {
    // stdin is touched only when a path reads it (`-`): a stream is made for it on first use.
    const events = open(paths, { stdin: paths.includes("-") ? ctx.io.stdin : undefined, onWarning: (message) => ctx.warn(message) });
    return { kind: "local", paths, events };
  } catch (error) {
    // The local source's SourcePathError: a path that names nothing readable.
    if (error instanceof Error && error.name === "SourcePathError") {
      // Its message names the path and the fix; say which flag it came from.
      throw new UserError(`--logs: ${error.message}`, { cause: error });
    }
    throw error;
  }
}
