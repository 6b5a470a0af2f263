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
 * The live progress line on stderr. On a terminal it is rewritten in place; otherwise (a log
 * file, a CI job, a test) a line is written only when the status changes, so that logs stay short.
 */
export function createProgressLine(stderr: ProgressWriter, isTTY: boolean): { update(progress: QueryProgressReport): void; done(): void } {
  let shown = false;
  let lastStatus = "";
  return {
    update(progress) {
      const line = formatQueryProgress(progress);
      if (isTTY) {
        stderr.write(`\r\x1b[2K${line}`);
        shown = true;
      } else if (progress.status !== lastStatus) {
        stderr.write(line + "\n");
      }
      lastStatus = progress.status;
    },
    done() {
      if (shown) stderr.write("\r\x1b[2K");
      shown = false;
    },
  };
}
