import type { Command, Query } from "../ast.js";
import { forEachNode } from "../walk.js";

/**
 * The subqueries of a query's own commands, in text order: those of `join` and `appendcols`
 * and every `in ( ... )`. Subqueries of subqueries are not included (they are refused).
 */
export function subqueriesOf(commands: readonly Command[]): Query[] {
  const found: Query[] = [];
  for (const command of commands) {
    if (command.kind === "join" || command.kind === "appendcols") {
      found.push(command.query);
      continue;
    }
    forEachNode(command, (node) => {
      if (node.kind === "subquery") found.push(node.query as Query);
    }, SKIP_SUBQUERY_BODIES);
  }
  return found;
}

// A SubqueryExpr is found by its `kind`; its own commands are not walked.
const SKIP_SUBQUERY_BODIES = new Set(["query", "span"]);

/** Whether the query needs data from outside its events (lookup tables, other rows). */
export function needsExternalData(commands: readonly Command[]): boolean {
  return commands.some((c) => c.kind === "lookup" || c.kind === "cidrlookup") || subqueriesOf(commands).length > 0;
}
