/**
 * `tolog index`: builds or extends the field indexes of every file that paths name (as `--logs`
 * reads them), one file and field at a time, then removes the indexes of log files that are gone
 * from the index directories of those files (prune.ts).
 */
import { createReadStream } from "node:fs";
import path from "node:path";
import { checkPaths, fileAt, resolveFiles } from "../resolve-paths.js";
import { StreamSpool } from "../stream-spool.js";
import { indexFile, type IndexOutcome } from "./build.js";
import { MAX_LINE_BYTES } from "../layout.js";
import { removeOrphanIndexes } from "./prune.js";

export type { IndexOutcome } from "./build.js";

export interface IndexLogsOptions {
  maxLineBytes?: number;
  /** Bytes per block (tests); see build.ts. */
  blockSize?: number;
  /** How long before indexing a file must have last changed for its status to vouch for it (tests); see fingerprint.ts. */
  settledMs?: number;
  onWarning?: (message: string) => void;
  /** After each file, for each field. */
  onIndexed?: (outcome: IndexOutcome) => void;
  signal?: AbortSignal;
}

export async function indexLogs(paths: string[], fields: string[], options: IndexLogsOptions = {}): Promise<IndexOutcome[]> {
  checkPaths(paths);
  const { files } = await resolveFiles(paths, undefined, (abs) => new StreamSpool(createReadStream(abs)));
  const outcomes: IndexOutcome[] = [];
  for (const file of files) {
    options.signal?.throwIfAborted();
    const done = await indexFile(file, [...new Set(fields)], {
      maxLineBytes: options.maxLineBytes ?? MAX_LINE_BYTES,
      blockSize: options.blockSize,
      settledMs: options.settledMs,
      onWarning: options.onWarning ?? (() => {}),
      signal: options.signal,
    });
    for (const outcome of done) {
      outcomes.push(outcome);
      options.onIndexed?.(outcome);
    }
  }
  options.signal?.throwIfAborted();
  const dirs = files.filter((file) => !file.handle).map((file) => path.dirname(file.path));
  for (const { logFile, field } of await removeOrphanIndexes(dirs, options.onWarning ?? (() => {}))) {
    const outcome: IndexOutcome = { file: fileAt(logFile).display, field, action: "removed", reason: "its log file no longer exists", indexedBytes: 0, indexBytes: 0, events: 0, withField: 0 };
    outcomes.push(outcome);
    options.onIndexed?.(outcome);
  }
  return outcomes;
}
