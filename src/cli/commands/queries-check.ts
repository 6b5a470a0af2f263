import { mismatchedShadows } from "../../analyses/saved-query-loader.js";
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
    // A valid file may still break an analysis whose query it hides: said under its name, as a
    // note, for it is a fine saved query of its own.
    const shadows = new Map(mismatchedShadows(dirs).map((shadow) => [shadow.name, shadow]));
    let failed = 0;
    for (const one of checked) {
      const shadow = shadows.get(one.loaded.query.name);
      const shadowNote = shadow === undefined ? "" : `    ${ctx.chalk.yellow("warning:")} ${shadow.message}\n    = help: ${shadow.hint}`;
      const notes = [shadowNote, one.notes].filter((note) => note !== "").join("\n");
      if (one.report === "") {
        ctx.print(`${ctx.chalk.green("ok")}      ${one.loaded.query.name}${notes === "" ? "" : `\n${notes}`}`);
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
