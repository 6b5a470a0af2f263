import { parseQuery } from "../engine/index.js";

/** How a query's rows may be fetched in time slices, or why they may not. */
export type SlicePlan = { sliceable: true; order: "asc" | "desc"; oneRowPerEvent: boolean } | { sliceable: false };

const ROW_BY_ROW = new Set(["fields", "display", "filter", "filterIndex", "parse", "unnest", "source"]);

/**
 * Whether the rows of a query over a window are the rows of its halves put together: true for a
 * query that keeps or drops events one by one. Aggregates (`stats`), `limit`, `dedup` and
 * `pattern` look across events, and a sort on anything but @timestamp would interleave the
 * halves, so those queries are never split. `order` is the order of the result: newest first
 * by default, as Logs Insights sorts.
 */
export function planSlices(query: string): SlicePlan {
  const { query: ast, diagnostics } = parseQuery(query);
  if (diagnostics.length > 0) return { sliceable: false };
  let order: "asc" | "desc" = "desc";
  // `unnest` makes a row per array element: rows and matched records no longer count alike.
  let oneRowPerEvent = true;
  for (const command of ast.commands) {
    if (command.kind === "unnest") oneRowPerEvent = false;
    if (ROW_BY_ROW.has(command.kind)) continue;
    if (command.kind !== "sort" || command.keys.length !== 1) return { sliceable: false };
    const [key] = command.keys;
    if (key.expr.kind !== "field" || key.expr.name !== "@timestamp") return { sliceable: false };
    order = key.direction ?? "desc";
  }
  return { sliceable: true, order, oneRowPerEvent };
}
