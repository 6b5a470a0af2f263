import type { AppendcolsCommand, JoinCommand } from "../ast.js";
import type { Row } from "../record.js";
import type { Value } from "../values.js";
import type { ExprContext } from "./context.js";
import type { ExtendedResult, ExtendedState } from "./extended-state.js";
import { readField } from "./extended-state.js";
import { joinStage } from "../commands/join.js";
import { appendcolsStage } from "../commands/appendcols.js";
import { toText } from "../functions/coerce.js";

/** The documented bound on the distinct keys of a join's right side. */
export const JOIN_MAX_RIGHT_KEYS = 50_000;

export function compileJoin(cmd: JoinCommand, cx: ExprContext): ExtendedResult {
  readField(cmd.leftKey, cx);
  const result = cx.env.external?.subqueries?.get(cmd.query);
  if (result === undefined) return { stages: [], anyField: true };
  const right = new Map<string, Row[]>();
  for (const row of result.rows) {
    const key = toText(row.get(cmd.rightKey.name));
    if (key === null) continue;
    const rows = right.get(key);
    if (rows) rows.push(row);
    else right.set(key, [row]);
  }
  if (right.size > JOIN_MAX_RIGHT_KEYS) {
    cx.error(
      "TL706",
      cmd.query.commands[0]?.span ?? cmd.span,
      `the right side of the join has ${right.size.toLocaleString("en")} distinct keys; a join takes at most ${JOIN_MAX_RIGHT_KEYS.toLocaleString("en")}`,
      "filter the subquery (or aggregate it with stats ... by key) so that it returns fewer keys",
    );
  }
  const stage = joinStage({ type: cmd.type, leftAlias: cmd.left.name, rightAlias: cmd.right.name, leftKey: cmd.leftKey.name, right });
  return { stages: [stage], anyField: true };
}

export function compileAppendcols(cmd: AppendcolsCommand, state: ExtendedState, subColumns: readonly string[]): ExtendedResult {
  const adds = subColumns.filter((c) => c !== "@ptr");
  const result = state.cx.env.external?.subqueries?.get(cmd.query);
  if (result === undefined) return { stages: [], adds, ordered: true, holds: true };
  const columns = result.rows.slice(0, cmd.max).map((row) =>
    result.columns.filter((c) => c.name !== "@ptr").map((c): [string, Value] => [c.name, c.value(row)]),
  );
  return { stages: [appendcolsStage(columns, cmd.override, state.timeOrder)], adds, ordered: true, holds: true };
}
