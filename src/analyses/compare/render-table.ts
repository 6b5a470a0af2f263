import { droppedNote, renderFittedTable, type TableCell, type TableColumn } from "../../output/fitted-table.js";
import { formatMs, formatShare, formatTime } from "../format.js";
import { DEFAULT_WIDTH, type RenderOptions, wrapLine } from "../render-options.js";
import type { TimeWindow } from "../time-slices.js";
import type { Change } from "./change.js";
import type { CompareModel, RouteComparison, StatementComparison } from "./model.js";
import { ROUTE_COLUMN, ROUTE_FIGURE_COLUMNS } from "../route-columns.js";

/**
 * Both sides named, the changes that matter in a few lines, then per route and per statement
 * three rows each: before, after and the change, in the columns of `tolog latency`.
 */
export function renderCompareTable(model: CompareModel, options: RenderOptions): string {
  const { chalk } = options;
  const lines = [
    ...wrapLine(`before: ${model.before.label}${span(model.before.window)}`, options),
    ...wrapLine(`after:  ${model.after.label}${span(model.after.window)}`, options),
    ...model.headline.flatMap((sentence) => wrapLine(sentence, options).map((line) => chalk.bold(line))),
    routesTable(model, options),
  ];
  if (model.statements.length > 0) lines.push(statementsTable(model, options));
  for (const note of model.notes) lines.push(...wrapLine(`note: ${note}`, options).map((line) => chalk.dim(line)));
  return lines.join("\n");
}

function span(window: TimeWindow | undefined): string {
  return window ? `  (${formatTime(window.start)} .. ${formatTime(window.end)} UTC)` : "";
}

type Pick = (c: Change) => string;

const ROUTE_COLUMNS: TableColumn[] = [ROUTE_COLUMN, { header: "", role: "label", priority: 10 }, ...ROUTE_FIGURE_COLUMNS];

function routesTable(model: CompareModel, options: RenderOptions): string {
  const rows = [...model.routes, model.overall].flatMap((route) => threeRows(route.key, (pick) => routeCells(route, pick)));
  return fitted(ROUTE_COLUMNS, rows, options);
}

function routeCells(route: RouteComparison, pick: { count: Pick; ms: Pick; share: Pick }): string[] {
  return [
    pick.count(route.requests),
    pick.count(route.errors),
    pick.count(route.aborted),
    pick.ms(route.p50Ms),
    pick.ms(route.p95Ms),
    pick.ms(route.p99Ms),
    pick.ms(route.maxMs),
    pick.share(route.poolWaitShare),
    pick.share(route.sqlShare),
    pick.share(route.otherShare),
  ];
}

const STATEMENT_COLUMNS: TableColumn[] = [
  { header: "top SQL", role: "text", minWidth: 20, priority: 10 },
  { header: "", role: "label", priority: 10 },
  { header: "calls", role: "number", priority: 8 },
  { header: "total", role: "number", priority: 9 },
  { header: "p95", role: "number", priority: 7 },
  { header: "wait", role: "number", priority: 8 },
];

function statementsTable(model: CompareModel, options: RenderOptions): string {
  const rows = model.statements.flatMap((statement) => threeRows(statement.sql, (pick) => statementCells(statement, pick)));
  return fitted(STATEMENT_COLUMNS, rows, options);
}

function statementCells(statement: StatementComparison, pick: { count: Pick; ms: Pick }): string[] {
  return [pick.count(statement.calls), pick.ms(statement.totalMs), pick.ms(statement.p95Ms), pick.ms(statement.poolWaitMs)];
}

/** The before, after and change rows of one route or statement; its name on the first only. */
function threeRows(name: string, cells: (pick: { count: Pick; ms: Pick; share: Pick }) => string[]): TableCell[][] {
  const value = (side: "before" | "after") => ({
    count: (c: Change) => (c[side] === null ? "-" : String(c[side])),
    ms: (c: Change) => (c[side] === null ? "-" : formatMs(c[side]!)),
    share: (c: Change) => (c[side] === null ? "-" : formatShare(c[side]!)),
  });
  const delta = {
    count: (c: Change) => (c.delta === null ? "" : c.delta === 0 ? "=" : `${c.delta > 0 ? "+" : ""}${c.delta}`),
    ms: (c: Change) => (c.relative === null ? "" : relativeText(c.relative)),
    share: (c: Change) => (c.delta === null ? "" : pointsText(c.delta)),
  };
  return [
    [name, "before", ...cells(value("before"))],
    ["", "after", ...cells(value("after"))],
    ["", "change", ...cells(delta)],
  ];
}

function relativeText(relative: number): string {
  const pct = Math.round(relative * 100);
  return pct === 0 ? "=" : `${pct > 0 ? "+" : ""}${pct}%`;
}

function pointsText(delta: number): string {
  const points = Math.round(delta * 100);
  return points === 0 ? "=" : `${points > 0 ? "+" : ""}${points} pts`;
}

function fitted(columns: TableColumn[], rows: TableCell[][], options: RenderOptions): string {
  const { chalk, width = DEFAULT_WIDTH } = options;
  const table = renderFittedTable(columns, rows, { chalk, maxWidth: width });
  const note = droppedNote(table.dropped, width);
  if (note !== undefined) options.note?.(note);
  return table.text.trimEnd();
}
