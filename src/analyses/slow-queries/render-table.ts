import Table from "cli-table3";
import { formatMs, formatShare, formatTime, truncate } from "../format.js";
import { DEFAULT_WIDTH, PLAIN_TABLE_STYLE, type RenderOptions } from "../render-options.js";
import { sparkline } from "../sparkline.js";
import type { SlowQueriesModel, StatementStats } from "./model.js";

/** The ranked statements as a table, then N+1 findings and the next step. */
export function renderSlowQueriesTable(model: SlowQueriesModel, options: RenderOptions): string {
  const { chalk } = options;
  if (model.statements.length === 0) return "No SQL statements in the selected range.";
  const lines = [headline(model), renderStatements(model, options), ...fullStatements(model, options)];
  if (model.nPlusOne.length > 0) {
    lines.push(chalk.yellow("N+1: statements run many times within single requests"));
    for (const finding of model.nPlusOne) {
      lines.push(
        chalk.yellow(`  ${finding.maxCallsInOneRequest}x in request ${finding.worstRequestId} (${finding.requests} request(s)): `) +
          truncate(finding.sql, 80),
      );
    }
  }
  if (model.inferred) {
    lines.push(chalk.dim("~ inferred: the log has no statement durations; each is the gap to the request's next event"));
  }
  if (model.untimed > 0) lines.push(chalk.dim(`${model.untimed} statement(s) without a request or a following line were left out`));
  const next = model.statements[0].slowestRequestId;
  if (next) lines.push(chalk.dim(`next: tolog trace ${next}`));
  return lines.join("\n");
}

function headline(model: SlowQueriesModel): string {
  const window = model.window ? `${formatTime(model.window.start)} .. ${formatTime(model.window.end)} UTC` : "";
  const route = model.route ? ` on ${model.route}` : "";
  return (
    `${model.totalCalls} statement execution(s)${route}, ${formatMs(model.totalMs)} of SQL, ` +
    `${model.distinctStatements} distinct; top ${model.statements.length} by ${model.by}  ${window}`
  );
}

function renderStatements(model: SlowQueriesModel, { chalk, width = DEFAULT_WIDTH }: RenderOptions): string {
  const withSeries = model.statements.some((statement) => statement.series);
  const seriesWidth = withSeries ? Math.max(...model.statements.map((statement) => statement.series?.length ?? 0)) : 0;
  const head = ["#", "statement", "calls", "total", "avg", "p50", "p95", "max", "rows", "share", "slowest request"];
  if (withSeries) head.push("p95 over time");
  const sqlWidth = Math.max(24, width - 118 - seriesWidth);
  const table = new Table({ head, style: PLAIN_TABLE_STYLE });
  model.statements.forEach((statement, index) => {
    const mark = (text: string) => (statement.inferred ? `~${text}` : text);
    const cells = [
      String(index + 1),
      index === 0 ? chalk.bold(truncate(statement.sql, sqlWidth)) : truncate(statement.sql, sqlWidth),
      String(statement.calls),
      mark(formatMs(statement.totalMs)),
      mark(formatMs(statement.avgMs)),
      mark(formatMs(statement.p50Ms)),
      mark(formatMs(statement.p95Ms)),
      mark(formatMs(statement.maxMs)),
      rows(statement),
      formatShare(statement.share),
      statement.slowestRequestId ?? "-",
    ];
    if (withSeries) cells.push(sparkline(statement.series ?? []));
    table.push(cells);
  });
  return table.toString();
}

/** The table can only show the start of each statement: here they are whole (up to two lines). */
function fullStatements(model: SlowQueriesModel, { width = DEFAULT_WIDTH }: RenderOptions): string[] {
  return model.statements.map((statement, index) => `#${index + 1} ${truncate(statement.sql, 2 * width - 4)}`);
}

function rows(statement: StatementStats): string {
  return statement.rowsAvg === undefined ? "-" : String(Math.round(statement.rowsAvg * 10) / 10);
}
