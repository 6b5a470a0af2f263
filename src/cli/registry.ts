/**
 * Every tolog command, in the order `tolog --help` lists them.
 *
 * To add a command:
 *   1. Create `src/cli/commands/<name>.ts` exporting `defineCommand({ command, describe,
 *      examples, positionals?, args, handler(args, ctx) })`. `command` is the full path plus
 *      positionals in yargs syntax ("trace <request-id>", "queries show <name>"); a subcommand
 *      needs its group (`defineGroup`) listed before it. Give at least one example.
 *   2. Spread the shared options you need into `args` (options.ts): `queryRunOptions` (`--logs`,
 *      `--since/--start/--end`, `--format`), or the pieces `sourceOptions`, `timeOptions`,
 *      `formatOptions`, `savedQueryOptions`, `paramOptions`. Every option is also read from
 *      TOLOG_<NAME>, and `default`s are applied for you.
 *   3. Keep the handler thin: turn args into a request with the resolvers
 *      (`resolveSource(args, ctx)` -> a QuerySource, `resolveTimeRange(args, ctx.now())`,
 *      `resolveQueryText(args, ctx)` for saved queries and `--param`), call a function that
 *      returns a model (`runQueryOn(source, text, options, ctx)` for a query), and print it
 *      (`printResult(result, args.format, ctx)` or your own renderer; stdout is for results
 *      only, `ctx.info` / `ctx.warn` write to stderr).
 *   4. Report expected failures by throwing `UserError(message, { hint })` (exit 1) or
 *      `UsageError` (exit 2, prints the command's help); return a number for another exit code.
 *      Anything else is reported as a bug (exit 70).
 *   5. Add one line to the list below, and a test that runs `main([...])` in-process
 *      (see src/cli/test-helpers/run-tolog.ts).
 */
import type { AnyCommand } from "./command.js";
import { queriesGroup } from "./commands/queries.js";
import { queriesCheckCommand } from "./commands/queries-check.js";
import { queriesListCommand } from "./commands/queries-list.js";
import { queriesShowCommand } from "./commands/queries-show.js";
import { queryCommand } from "./commands/query.js";
import { serveCommand } from "./commands/serve.js";
import { traceCommand } from "./commands/trace.js";
import { slowQueriesCommand } from "./commands/slow-queries.js";
import { racesCommand } from "./commands/races.js";
import { latencyCommand } from "./commands/latency.js";
import { compareCommand } from "./commands/compare.js";
import { watchCommand } from "./commands/watch.js";
import { reportCommand } from "./commands/report.js";
import { pullCommand } from "./commands/pull.js";
import { queriesPushCommand } from "./commands/queries-push.js";
import { queriesPullCommand } from "./commands/queries-pull.js";
import { recordCommand } from "./commands/record.js";
import { fieldsCommand } from "./commands/fields.js";
import { indexCommand } from "./commands/index-logs.js";

export const COMMANDS: readonly AnyCommand[] = [
  queryCommand,
  fieldsCommand,
  recordCommand,
  queriesGroup,
  queriesListCommand,
  queriesShowCommand,
  queriesCheckCommand,
  queriesPushCommand,
  queriesPullCommand,
  serveCommand,
  traceCommand,
  slowQueriesCommand,
  racesCommand,
  latencyCommand,
  compareCommand,
  watchCommand,
  reportCommand,
  pullCommand,
  indexCommand,
];
