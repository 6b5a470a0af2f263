import type { Command, Name } from "../ast.js";
import type { StageFactory } from "../commands/stage.js";
import type { ExprContext } from "./context.js";
import type { Evaluator } from "./types.js";
import { compileExpr } from "./expr.js";

/** Where a 2026 command stands in the query being compiled (compile/query.ts). */
export interface ExtendedState {
  cx: ExprContext;
  commands: readonly Command[];
  at: number;
  /** Rows still come in the default order (newest first), not yet ordered by a sort or stats. */
  timeOrder: boolean;
  /** The output columns so far. */
  columns: readonly string[];
}

/** What compiling one command gives: its steps and how it changes the rows. */
export interface ExtendedResult {
  stages: StageFactory[];
  /** Fields it creates: they join the columns and the fields later commands may read. */
  adds?: string[];
  /** The rows it makes in place of the ones it read (`countFrequent`): their fields. */
  replaces?: string[];
  /** Later rows are in an order of their own (not the default time order). */
  ordered?: boolean;
  /** It holds rows until the input ends. */
  holds?: boolean;
  /** Later commands may read any field (`join`: the aliases name fields of other rows). */
  anyField?: boolean;
}

/** A field read by a command, checked like any field reference (TL306 after a stats). */
export function readField(name: Name, cx: ExprContext): Evaluator {
  return compileExpr({ kind: "field", name: name.name, span: name.span }, cx);
}

/** The columns that a name with `*` wildcards matches, or the name itself. */
export function matchColumns(name: string, columns: readonly string[]): string[] {
  if (!name.includes("*")) return [name];
  const pattern = new RegExp(`^${name.split("*").map((p) => p.replace(/[.+?^${}()|[\]\\]/g, "\\$&")).join(".*")}$`);
  return columns.filter((c) => pattern.test(c));
}
