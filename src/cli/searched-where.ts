import { formatTime } from "../analyses/format.js";
import type { QuerySource } from "./resolve-source.js";
import type { TimeRange } from "./time-range.js";

/**
 * The logs an analysis read, and its range when one was chosen, as words after "in" (`README.md`,
 * `stdin`, `log group app between ... UTC`): an answer that found nothing names where it looked.
 * `searched`: the range read, when it differs from the one given (CloudWatch reads the last hour
 * when none is given: that hour is named, and why).
 */
export function searchedWhere(source: QuerySource, range: TimeRange, searched: TimeRange = range): string {
  const logs =
    source.kind === "local"
      ? source.paths.map((path) => (path === "-" ? "stdin" : path)).join(", ")
      : `${source.logGroups.length === 1 ? "log group" : "log groups"} ${source.logGroups.join(", ")}`;
  const bounds = rangeWords(searched);
  if (bounds === undefined) return logs;
  const chosen = range.start !== undefined || range.end !== undefined;
  return chosen ? `${logs} ${bounds}` : `${logs} ${bounds} (the last hour, read when no range is given)`;
}

function rangeWords({ start, end }: TimeRange): string | undefined {
  if (start !== undefined && end !== undefined) return `between ${formatTime(start)} and ${formatTime(end)} UTC`;
  if (start !== undefined) return `from ${formatTime(start)} UTC on`;
  if (end !== undefined) return `up to ${formatTime(end)} UTC`;
  return undefined;
}
