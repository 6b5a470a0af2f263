import { formatBytes } from "../output/footer.js";
import { formatCost, scanCost } from "./cost.js";
import type { QueryProgressReport } from "./query.js";

export interface ProgressWriter {
  write(chunk: string): unknown;
}

/** `Running  12,345 scanned  120 matched  1.2 GB  $0.0060  4.2s`: one query's live state. */
export function formatQueryProgress(progress: QueryProgressReport): string {
  const { recordsScanned, recordsMatched, bytesScanned } = progress.statistics;
  return [
    progress.status.padEnd(9),
    `${recordsScanned.toLocaleString("en-US")} scanned`,
    `${recordsMatched.toLocaleString("en-US")} matched`,
    formatBytes(bytesScanned),
    formatCost(scanCost(bytesScanned)),
    `${(progress.elapsedMs / 1000).toFixed(1)}s`,
  ].join("  ");
}

/**
 * The live progress line on stderr, on a terminal only, rewritten in place through every query
 * a command runs. Elsewhere (a log file, a CI job) nothing, as for local files: a line per
 * status change made ten lines of one analysis's queries.
 */
export function createProgressLine(stderr: ProgressWriter, isTTY: boolean): { update(progress: QueryProgressReport): void; done(): void } {
  let shown = false;
  return {
    update(progress) {
      if (!isTTY) return;
      stderr.write(`\r\x1b[2K${formatQueryProgress(progress)}`);
      shown = true;
    },
    done() {
      if (shown) stderr.write("\r\x1b[2K");
      shown = false;
    },
  };
}
