import type { ParseCommand } from "../ast.js";
import type { StageFactory } from "../commands/stage.js";
import type { ExprContext } from "./context.js";
import type { Evaluator } from "./types.js";
import { compileExpr } from "./expr.js";
import { csvStage, logfmtStage } from "../commands/parse-modes.js";

/** `parse [f] logfmt as m` and `parse [f] csv as a, b, ...`. */
export function compileParseMode(cmd: ParseCommand, cx: ExprContext): StageFactory | undefined {
  const source: Evaluator = cmd.source ? compileExpr(cmd.source, cx) : (row) => row.get("@message");
  const names = cmd.names.map((n) => n.name);
  if (cmd.pattern.kind === "logfmt") {
    if (names.length !== 1) {
      cx.error("TL309", cmd.pattern.span, `parse logfmt puts the pairs in one map, and ${names.length} names follow as`, "write parse @message logfmt as lf, then read lf.level");
      return undefined;
    }
    return logfmtStage(source, names[0]);
  }
  if (names.length === 0) return undefined; // reported by the parser
  return csvStage(source, names);
}
