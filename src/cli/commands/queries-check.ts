import type { LoadedQuery } from "../../saved/load.js";
import { formatProblems, listSavedQueries, savedQueryLookup } from "../../saved/load.js";
import { expandInvocations, type SavedQueryLookup } from "../../saved/invocations.js";
import { UserError } from "../../shared/errors.js";
import { sampleValues } from "../../saved/sample-values.js";
import { substitute } from "../../saved/substitute.js";
import { defineCommand } from "../command.js";
import type { HandlerContext } from "../context.js";
import { savedQueryOptions } from "../options.js";
import { displayPath, queryDirs } from "../query-text.js";

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
    const loaded = listSavedQueries(dirs);
    const saved = savedQueryLookup(dirs);
    let failed = 0;
    for (const query of loaded) {
      const { report, notes } = await check(query, saved, ctx);
      const name = query.query.name;
      if (report === "") {
        ctx.print(`${ctx.chalk.green("ok")}      ${name}${notes === "" ? "" : `\n${notes}`}`);
      } else {
        failed++;
        ctx.print(`${ctx.chalk.red("FAILED")}  ${name}\n${report}`);
      }
    }
    // tolog's own directory is wherever npm put the package (or the clone's queries/): its path
    // says nothing to a reader, and the line reads the same wherever tolog runs from.
    const searched = dirs.map((dir) => (dir === ctx.bundledQueriesDir ? "tolog's own" : displayPath(dir))).join(", ");
    ctx.print(`${loaded.length} saved ${loaded.length === 1 ? "query" : "queries"} checked in ${searched}; ${failed} failed.`);
    return failed > 0 ? 1 : 0;
  },
});

/** What is wrong with one saved query, and what runs but not as written, as text ("" when nothing). */
async function check(loaded: LoadedQuery, saved: SavedQueryLookup, ctx: HandlerContext): Promise<{ report: string; notes: string }> {
  const problems = [...loaded.problems];
  if (loaded.query.description === undefined) {
    problems.unshift({ line: 1, message: "no `# description:` line; `tolog queries list` shows it" });
  }
  if (problems.length > 0) return { report: indent(formatProblems({ ...loaded, problems }, displayPath)), notes: "" };
  let text = substitute(loaded.query.text, sampleValues(loaded.query));
  try {
    // A `$Name(...)` is checked as it runs: with the invoked query's text in its place.
    text = expandInvocations(text, saved);
  } catch (error) {
    if (!(error instanceof UserError)) throw error;
    return { report: indent(`${loaded.query.path === undefined ? "" : `${displayPath(loaded.query.path)}\n`}${error.message}${error.hint ? `\n${error.hint}` : ""}`), notes: "" };
  }
  const engine = await ctx.engine();
  const diagnostics = engine.checkQuery(text);
  const notes = diagnostics.length === 0 ? engine.queryNotes(text) : [];
  const shown = diagnostics.length > 0 ? diagnostics : notes;
  if (shown.length === 0) return { report: "", notes: "" };
  const where = loaded.query.path === undefined ? "" : `${displayPath(loaded.query.path)}\n`;
  const rendered = indent(where + engine.renderDiagnostics(text, shown, { color: ctx.color, width: 80 - INDENT.length }).trimEnd());
  return diagnostics.length > 0 ? { report: rendered, notes: "" } : { report: "", notes: rendered };
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `${INDENT}${line}`))
    .join("\n");
}

/** Each query's report is indented under its name. */
const INDENT = "    ";
