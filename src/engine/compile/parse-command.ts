import type { ParseCommand } from "../ast.js";
import type { ParseSpec } from "../commands/parse.js";
import type { ExprContext } from "./context.js";
import type { Evaluator } from "./types.js";
import { compileExpr } from "./expr.js";
import { compileRegex, isRegexProblem } from "./regex.js";
import { reportRegexProblem } from "./regex-span.js";
import { globMatcher } from "./glob.js";

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
    return { source, regex: globMatcher(cmd.pattern.text, cmd.multi), names, multi: cmd.multi };
  }
  if (cmd.pattern.kind !== "regex") return undefined; // logfmt and csv: compile/parse-mode.ts
  const literal = cmd.pattern.regex;
  const regex = compileRegex(literal.source, literal.caseInsensitive);
  if (isRegexProblem(regex)) {
    reportRegexProblem(cx.error, regex, literal, cx.text);
    return undefined;
  }
  const groups = regex.groups;
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
