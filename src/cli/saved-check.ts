import type { LoadedQuery } from "../saved/load.js";
import { formatProblems, listSavedQueries, savedQueryLookup } from "../saved/load.js";
import { validateSavedQuery, type SavedQueryVerdict } from "../saved/validate.js";
import type { HandlerContext } from "./context.js";
import { displayPath } from "./query-text.js";

/** One saved query as `queries check` judged it, with what it prints under the name. */
export interface CheckedQuery {
  loaded: LoadedQuery;
  verdict: SavedQueryVerdict;
  /** Why it failed ("" when it did not). */
  report: string;
  /** What runs, but not as written ("" when nothing). */
  notes: string;
}

/** Every saved query of `dirs`, checked as `queries check` checks them (list and push too). */
export async function checkSavedQueries(dirs: readonly string[], ctx: HandlerContext): Promise<CheckedQuery[]> {
  const loaded = listSavedQueries(dirs);
  if (loaded.length === 0) return [];
  const saved = savedQueryLookup(dirs);
  const engine = await ctx.engine();
  return loaded.map((query) => {
    const verdict = validateSavedQuery(query, saved, engine);
    const where = query.query.path === undefined ? "" : `${displayPath(query.query.path)}\n`;
    const render = (text: string, diagnostics: Parameters<typeof engine.renderDiagnostics>[1]) =>
      indent(where + engine.renderDiagnostics(text, diagnostics, { color: ctx.color, width: 80 - INDENT.length }).trimEnd());
    switch (verdict.kind) {
      case "file":
        return { loaded: query, verdict, report: indent(formatProblems({ ...query, problems: verdict.problems }, displayPath)), notes: "" };
      case "invocation": {
        const { message, hint } = verdict.error;
        return { loaded: query, verdict, report: indent(`${where}${message}${hint ? `\n${hint}` : ""}`), notes: "" };
      }
      case "query":
        return { loaded: query, verdict, report: render(verdict.text, verdict.diagnostics), notes: "" };
      case "ok":
        return { loaded: query, verdict, report: "", notes: verdict.notes.length === 0 ? "" : render(verdict.text, verdict.notes) };
    }
  });
}

/** `FAILED  name` and the report under it, as `queries check` prints a failure. */
export function failedLine(checked: CheckedQuery, ctx: HandlerContext): string {
  return `${ctx.chalk.red("FAILED")}  ${checked.loaded.query.name}\n${checked.report}`;
}

function indent(text: string): string {
  return text
    .split("\n")
    .map((line) => (line === "" ? line : `${INDENT}${line}`))
    .join("\n");
}

/** Each query's report is indented under its name. */
const INDENT = "    ";
