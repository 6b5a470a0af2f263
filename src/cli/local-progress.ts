import type { QueryProgress, QueryStatistics } from "../engine/api.js";
import { formatBytes } from "../output/footer.js";
import type { HandlerContext } from "./context.js";
import { beforeSignalExit } from "../shared/signals.js";

/** Redraws at most this often: a terminal cannot show more, and each redraw costs a write. */
const REDRAW_MS = 100;

/** What the command read in its queries so far, and when its line was last drawn. */
interface CommandProgress {
  started: number;
  drawnAt: number;
  records: number;
  bytes: number;
}

/** One per command (its context): a command that runs several queries (compare, trace --slowest) shows one line for all of them. */
const commands = new WeakMap<HandlerContext, CommandProgress>();

/**
 * A live line on stderr while the embedded engine reads local files (`Reading  1,234,567 events
 * 450.1 MB  3.2s`), for a person at a terminal; cleared before the result prints. Scripts (stdout
 * not a terminal) get nothing. Its counts and time are the whole command's: a second query of
 * the same command goes on from where the first left off, rather than starting again at 0.
 * Interrupted (Ctrl-C), it is cleared too, before the process ends: the shell's prompt would
 * start on it.
 */
export function localProgress(ctx: HandlerContext): { onProgress?: (progress: QueryProgress) => void; done(read?: QueryStatistics): void } {
  if (!ctx.io.isTTY) return { done() {} };
  let command = commands.get(ctx);
  if (!command) commands.set(ctx, (command = { started: ctx.now(), drawnAt: -Infinity, records: 0, bytes: 0 }));
  const total = command;
  const clear = () => ctx.io.stderr.write("\r\x1b[2K");
  /** Set while the line is drawn: takes its clean-up off the signal exit path. */
  let forget: (() => void) | undefined;
  let records = 0;
  let bytes = 0;
  return {
    onProgress(progress) {
      ({ recordsScanned: records, bytesScanned: bytes } = progress.statistics);
      const now = ctx.now();
      if (now - total.drawnAt < REDRAW_MS) return;
      total.drawnAt = now;
      const line = `Reading  ${(total.records + records).toLocaleString("en-US")} events  ${formatBytes(total.bytes + bytes)}  ${((now - total.started) / 1000).toFixed(1)}s`;
      ctx.io.stderr.write(`\r\x1b[2K${ctx.chalk.dim(line)}`);
      forget ??= beforeSignalExit(clear);
    },
    /** `read`: what the query read in all (the last progress may be up to 10,000 events short of it). */
    done(read) {
      total.records += read?.recordsScanned ?? records;
      total.bytes += read?.bytesScanned ?? bytes;
      records = 0;
      bytes = 0;
      if (forget === undefined) return;
      clear();
      forget();
      forget = undefined;
    },
  };
}
