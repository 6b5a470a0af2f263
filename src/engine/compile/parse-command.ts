import type { ParseCommand } from "../ast.js";
import type { ParseSpec } from "../commands/parse.js";
import type { ExprContext } from "./context.js";
import type { Evaluator } from "./types.js";
import { compileExpr } from "./expr.js";
import { compileRegex, isRegexProblem } from "./regex.js";

/**
 * Whether `.` in a glob's `*` spans line breaks. Not documented; multi-line messages (stack
 * traces) are common, so yes. One constant for a golden result to overturn.
 */
export const GLOB_MATCHES_NEWLINES = true;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The regex of a glob pattern: unanchored; each `*` a lazy group, except a trailing `*`, which
 * takes the rest of the value.
 */
export function globToRegex(glob: string, multi: boolean): RegExp {
  const pieces = glob.split("*");
  let source = escapeRegex(pieces[0]);
  for (let i = 1; i < pieces.length; i++) {
    const last = i === pieces.length - 1 && pieces[i] === "";
    source += (last ? "(.*)" : "(.*?)") + escapeRegex(pieces[i]);
  }
  return new RegExp(source, (GLOB_MATCHES_NEWLINES ? "s" : "") + (multi ? "g" : ""));
}

/** Capture groups of a regex source in order: their names, or undefined for unnamed groups. */
export function captureGroups(source: string): Array<string | undefined> {
  const groups: Array<string | undefined> = [];
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === "\\") i++;
    else if (inClass) inClass = c !== "]";
    else if (c === "[") inClass = true;
    else if (c === "(") {
      if (source[i + 1] !== "?") groups.push(undefined);
      else {
        const named = /^\?<([A-Za-z_$][\w$]*)>/.exec(source.slice(i + 1));
        if (named) groups.push(named[1]);
      }
    }
  }
  return groups;
}

export function compileParse(cmd: ParseCommand, cx: ExprContext): ParseSpec | undefined {
  const source: Evaluator = cmd.source ? compileExpr(cmd.source, cx) : (row) => row.get("@message");
  const names = cmd.names.map((n) => n.name);
  if (cmd.pattern.kind === "glob") {
    const stars = cmd.pattern.text.split("*").length - 1;
    if (stars !== names.length) {
      cx.error(
        "TL309",
        cmd.pattern.span,
        `the pattern has ${stars} * but ${names.length} name${names.length === 1 ? "" : "s"} follow as`,
        "give one name after as for each * in the pattern",
      );
      return undefined;
    }
    return { source, regex: globToRegex(cmd.pattern.text, cmd.multi), names, multi: cmd.multi };
  }
  const literal = cmd.pattern.regex;
  const regex = compileRegex(literal.source, literal.caseInsensitive, cmd.multi ? "g" : "");
  if (isRegexProblem(regex)) {
    cx.error(regex.code, literal.span, regex.message, regex.code === "TL308" ? "rewrite the pattern without look-around or back-references" : "fix the regex");
    return undefined;
  }
  const groups = captureGroups(literal.source);
  if (names.length > 0) {
    if (names.length !== groups.length) {
      cx.error("TL309", literal.span, `the regex has ${groups.length} capture groups but ${names.length} names follow as`, "give one name after as for each group in the regex");
      return undefined;
    }
    return { source, regex, names, multi: cmd.multi };
  }
  if (!groups.some((g) => g !== undefined)) {
    cx.error("TL309", literal.span, "the regex has no named groups and no names follow as", "name the groups, (?<name>...), or add as name1, name2");
    return undefined;
  }
  return { source, regex, names: groups.map((g) => g ?? ""), multi: cmd.multi };
}
