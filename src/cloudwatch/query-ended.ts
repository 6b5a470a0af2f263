import type { QueryResult } from "../engine/api.js";
import { UserError } from "../shared/errors.js";
import type { CompleteOutcome } from "./complete-results.js";
import { formatBytes } from "../output/footer.js";
import { formatCost, scanCost } from "./cost.js";
import { EXIT } from "../shared/exit-codes.js";
import { interruptedExitCode } from "../shared/signals.js";

/**
 * A CloudWatch query that did not give its complete result: failed, timed out, cancelled,
 * stopped for the budget or by Ctrl-C, or complete but with rows missing past the cap.
 * `partial` holds the rows that did arrive; `tolog query` prints them before the error.
 */
export class QueryEndedError extends UserError {
  constructor(
    message: string,
    options: { hint: string; exitCode: number },
    readonly partial?: QueryResult,
  ) {
    super(message, options);
  }
}

/** The error for an outcome that is not a complete result; undefined when it is one. */
export function endedError(outcome: CompleteOutcome, maxBytes: number | undefined, result: QueryResult): QueryEndedError | undefined {
  const rows = outcome.rows.length;
  const got = rows > 0 ? ` (${rows} partial ${rows === 1 ? "row" : "rows"} printed)` : "";
  const scanned = `${formatBytes(outcome.statistics.bytesScanned)} scanned, ${formatCost(scanCost(outcome.statistics.bytesScanned))}`;
  const partial = rows > 0 ? result : undefined;
  switch (outcome.status) {
    case "Complete":
      break;
    case "Failed":
      return new QueryEndedError(`the query failed on CloudWatch${got}.`, {
        hint: "CloudWatch gives no reason; retry, or narrow the time range. `aws logs describe-queries --status Failed` lists failed queries.",
        exitCode: EXIT.queryFailed,
      }, partial);
    case "Timeout":
      return new QueryEndedError(`the query timed out on CloudWatch (60 minutes)${got}.`, {
        hint: "Narrow the time range (--since/--start/--end), the log groups, or filter earlier in the query.",
        exitCode: EXIT.queryTimeout,
      }, partial);
    case "Cancelled":
      return new QueryEndedError(`the query was cancelled on CloudWatch (someone ran StopQuery)${got}.`, {
        hint: "Run it again.",
        exitCode: EXIT.queryCancelled,
      }, partial);
    case "BudgetExceeded":
      return new QueryEndedError(`the query passed its budget (--max-gb ${Number(((maxBytes ?? 0) / 1024 ** 3).toPrecision(6))}, counted as CloudWatch bills: GB of 1024^3 bytes) and was stopped (${scanned})${got}.`, {
        hint: "Narrow the time range or the log groups, or raise --max-gb.",
        exitCode: EXIT.budgetExceeded,
      }, partial);
    case "Interrupted":
      return new QueryEndedError(`interrupted: the query was stopped on CloudWatch (${scanned}).`, {
        hint: "Nothing is left running.",
        exitCode: interruptedExitCode(),
      });
    default:
      return new QueryEndedError(`the query ended with status ${outcome.status}${got}.`, {
        hint: "Run it again; if it persists, check `aws logs describe-queries`.",
        exitCode: EXIT.queryFailed,
      }, partial);
  }
  if (outcome.missing) {
    const { rows: lost, slices, reason } = outcome.missing;
    const count = lost > 0 ? `at least ${lost.toLocaleString("en-US")} matching ${lost === 1 ? "row is" : "rows are"} missing` : "rows are missing";
    const where = slices.length > 0 ? ` in ${slices.length} time ${slices.length === 1 ? "slice" : "slices"} (${slices.slice(0, 3).map(describe).join(", ")}${slices.length > 3 ? ", ..." : ""})` : "";
    return new QueryEndedError(`incomplete result: ${count}${where}: ${reason}. ${rows} rows printed.`, {
      hint: "Filter the query further, or use tolog pull to download the events and query them offline.",
      exitCode: EXIT.incomplete,
    }, result);
  }
  return undefined;
}

function describe(slice: { start: number; end: number }): string {
  return `${new Date(slice.start).toISOString()}..${new Date(slice.end).toISOString()}`;
}
