import { defineCommand } from "../command.js";
import { savedQueryOptions } from "../options.js";
import { displayPath, queryDirs } from "../query-text.js";
import { checkSavedQueries, failedLine } from "../saved-check.js";

export const queriesCheckCommand = defineCommand({
  command: "queries check",
  describe: "Check every saved query offline: header, placeholders, and the query itself",
  examples: [
    ["$0 queries check", "tolog's saved queries (exit 1 if any fails)"],
    ["$0 queries check --queries-dir ./team-queries", "yours as well"],
  ],
  epilogue:
    "Required parameters are checked with a sample value of the type their use calls for (a number after limit, <, >; else a string).",
  args: { ...savedQueryOptions },
  async handler(args, ctx) {
    const dirs = queryDirs(args, ctx);
    const checked = await checkSavedQueries(dirs, ctx);
    let failed = 0;
    for (const one of checked) {
      if (one.report === "") {
        ctx.print(`${ctx.chalk.green("ok")}      ${one.loaded.query.name}${one.notes === "" ? "" : `\n${one.notes}`}`);
      } else {
        failed++;
        ctx.print(failedLine(one, ctx));
      }
    }
    // tolog's own directory is wherever npm put the package (or the clone's queries/): its path
    // says nothing to a reader, and the line reads the same wherever tolog runs from.
    const searched = dirs.map((dir) => (dir === ctx.bundledQueriesDir ? "tolog's own" : displayPath(dir))).join(", ");
    ctx.print(`${checked.length} saved ${checked.length === 1 ? "query" : "queries"} checked in ${searched}; ${failed} failed.`);
    return failed > 0 ? 1 : 0;
  },
});
