import type { QueryProgress } from "../engine/api.js";
import { formatBytes } from "../output/footer.js";
import type { HandlerContext } from "./context.js";

/** Redraws at most this often: a terminal cannot show more, and each redraw costs a write. */
const REDRAW_MS = 100;

/**
 * A live line on stderr while the embedded engine reads local files (`Reading  1,234,567 events
 * 450.1 MB  3.2s`), for a person at a terminal; cleared before the result prints. Scripts (stdout
 * not a terminal) get nothing.
 */
export function localProgress(ctx: HandlerContext): { onProgress?: (progress: QueryProgress) => void; done(): void } {
  if (!ctx.io.isTTY) return { done() {} };
  const started = ctx.now();
  let shown = false;
  let drawnAt = -Infinity;
  return {
    onProgress(progress) {
      const now = ctx.now();
      if (now - drawnAt < REDRAW_MS) return;
      drawnAt = now;
      const { recordsScanned, bytesScanned } = progress.statistics;
      const line = `Reading  ${recordsScanned.toLocaleString("en-US")} events  ${formatBytes(bytesScanned)}  ${((now - started) / 1000).toFixed(1)}s`;
      ctx.io.stderr.write(`\r\x1b[2K${ctx.chalk.dim(line)}`);
      shown = true;
    },
    done() {
      if (shown) ctx.io.stderr.write("\r\x1b[2K");
      shown = false;
    },
  };
}
