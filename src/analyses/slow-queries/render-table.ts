import { droppedNote, renderFittedTable, type TableCell, type TableColumn } from "../../output/fitted-table.js";
import { formatMs, formatShare, formatTime } from "../format.js";
import { commandLines, DEFAULT_WIDTH, fitLine, wrapLine, type RenderOptions } from "../render-options.js";
import { noRequestOnRoute, noStatements } from "../nothing-found.js";
import { sparkline } from "../sparkline.js";
import type { SlowQueriesModel, StatementStats } from "./model.js";

/** The ranked statements as a table, then N+1 findings and the next step. */
export function renderSlowQueriesTable(model: SlowQueriesModel, options: RenderOptions): string {
  const { chalk } = options;
  if (model.statements.length === 0) return withoutStatements(model, options);
  const lines = [...headline(model).flatMap((line) => wrapLine(line, options)), renderStatements(model, options), ...fullStatements(model, options)];
  if (model.nPlusOne.length > 0) {
    lines.push(chalk.yellow("N+1: statements run many times within single requests"));
    for (const finding of model.nPlusOne) {
      const where = `  ${finding.maxCallsInOneRequest}x in request ${finding.worstRequestId} (${finding.requests} request(s)): `;
      lines.push(chalk.yellow(where) + fitLine(finding.sql, { ...options, width: Math.max(20, (options.width ?? DEFAULT_WIDTH) - where.length) }));
    }
  }
  if (model.inferred) {
    lines.push(...wrapLine("~ inferred: the log has no statement durations; each is the gap to the request's next event", options).map((line) => chalk.dim(line)));
  }
  if (model.statements.some((statement) => statement.poolWait)) {
    lines.push(...wrapLine("wait: time the executions waited for a DB connection before running (pool_wait_ms), beside their execution time (total)", options).map((line) => chalk.dim(line)));
  }
  if (model.statements.some((statement) => statement.poolWait && statement.withoutPoolWait > 0)) {
    lines.push(...wrapLine("some executions have no pool_wait_ms (an older log?): their wait is not in the wait column (- where none has it)", options).map((line) => chalk.dim(line)));
  }
  if (model.poolWaitMs === undefined) {
    lines.push(...wrapLine("no pool_wait_ms in these logs: the time statements waited for a DB connection is not known", options).map((line) => chalk.dim(line)));
  }
  if (model.untimed > 0) lines.push(...wrapLine(`${model.untimed} statement(s) without a request or a following line were left out`, options).map((line) => chalk.dim(line)));
  const next = model.statements[0].slowestRequestId;
  if (next) lines.push(...commandLines("next: ", options, ["trace", next]).map((line) => chalk.dim(line)));
  return lines.join("\n");
}

/** The answer without statements; a --route no statement ran on names the routes there are, as latency's does. */
export function withoutStatements(model: SlowQueriesModel, options: Pick<RenderOptions, "searched">): string {
  if (model.routesSeen === undefined) return `${noStatements(options)}.`;
  return noRequestOnRoute(model.route, model.routesSeen, options);
}

/** The counts, then the window on a line of its own (together they are wider than 80 columns). */
function headline(model: SlowQueriesModel): string[] {
  const route = model.route ? ` on ${model.route}` : "";
  return [
    `${model.totalCalls} statement execution(s)${route}, ${formatMs(model.totalMs)} of SQL, ` +
      (model.poolWaitMs !== undefined ? `${formatMs(model.poolWaitMs)} waiting for a DB connection before them, ` : "") +
      `${model.distinctStatements} distinct; top ${model.statements.length} by ${model.by}`,
    ...(model.window ? [`${formatTime(model.window.start)} .. ${formatTime(model.window.end)} UTC`] : []),
  ];
}

/** The columns of the statements table; the first to go on a narrow terminal have the lowest priority. */
function statementColumns(withSeries: boolean, withWait: boolean): TableColumn[] {
  const columns: TableColumn[] = [
    { header: "#", role: "number", priority: 10 },
    { header: "statement", role: "text", minWidth: 16, priority: 9 },
    { header: "calls", role: "number", priority: 7 },
    { header: "total", role: "number", priority: 8 },
    ...(withWait ? [{ header: "wait", role: "number", priority: 8 } as const] : []),
    { header: "avg", role: "number", priority: 3 },
    { header: "p50", role: "number", priority: 2 },
    { header: "p95", role: "number", priority: 6 },
    ...(withWait ? [{ header: "wait p95", role: "number", priority: 3 } as const] : []),
    { header: "max", role: "number", priority: 4 },
    { header: "rows", role: "number", priority: 0 },
    { header: "share", role: "number", priority: 5 },
    // The top one is on the `next:` line too.
    { header: "slowest request", role: "id", priority: 1 },
  ];
  if (withSeries) columns.push({ header: "p95 over time", role: "label", priority: 5 });
  return columns;
}

function renderStatements(model: SlowQueriesModel, options: RenderOptions): string {
  const { chalk, width = DEFAULT_WIDTH } = options;
  const withSeries = model.statements.some((statement) => statement.series);
  // No column of dashes when the log has no pool_wait_ms at all: a note says so instead.
  const withWait = model.poolWaitMs !== undefined;
  const wait = (statement: StatementStats, pick: (poolWait: NonNullable<StatementStats["poolWait"]>) => number) =>
    withWait ? [statement.poolWait ? formatMs(pick(statement.poolWait)) : "-"] : [];
  const rows = model.statements.map((statement, index): TableCell[] => {
    const mark = (text: string) => (statement.inferred ? `~${text}` : text);
    const cells: TableCell[] = [
      String(index + 1),
      index === 0 ? { text: statement.sql, style: (text) => chalk.bold(text) } : statement.sql,
      String(statement.calls),
      mark(formatMs(statement.totalMs)),
      ...wait(statement, (poolWait) => poolWait.totalMs),
      mark(formatMs(statement.avgMs)),
      mark(formatMs(statement.p50Ms)),
      mark(formatMs(statement.p95Ms)),
      ...wait(statement, (poolWait) => poolWait.p95Ms),
      mark(formatMs(statement.maxMs)),
      averageRows(statement),
      formatShare(statement.share),
      statement.slowestRequestId ?? "-",
    ];
    if (withSeries) cells.push(sparkline(statement.series ?? []));
    return cells;
  });
  const table = renderFittedTable(statementColumns(withSeries, withWait), rows, { chalk, maxWidth: width });
  const note = droppedNote(table.dropped, width);
  if (note !== undefined) options.note?.(note);
  return table.text.trimEnd();
}

/**
 * The table can only show the start of each statement: here they are whole, on a terminal
 * wrapped at words to its width; a statement past `STATEMENT_LINES` lines (a long IN list) is cut
 * there, its last line ending in `…`.
 */
function fullStatements(model: SlowQueriesModel, options: RenderOptions): string[] {
  const width = options.width ?? DEFAULT_WIDTH;
  return model.statements.flatMap((statement, index) => {
    const text = `#${index + 1} ${statement.sql.replace(/\s+/g, " ")}`;
    if (!options.wrap) return [fitLine(text, { ...options, width: STATEMENT_LINES * width })];
    const lines = wrapLine(text, options);
    if (lines.length <= STATEMENT_LINES) return lines;
    const last = lines.slice(STATEMENT_LINES - 1).join(" ");
    return [...lines.slice(0, STATEMENT_LINES - 1), fitLine(last, { ...options, width: width - 1 }).replace(/[^…]$/, "…")];
  });
}

/** The most lines a statement takes below the table. */
const STATEMENT_LINES = 3;

function averageRows(statement: StatementStats): string {
  return statement.rowsAvg === undefined ? "-" : String(Math.round(statement.rowsAvg * 10) / 10);
}
