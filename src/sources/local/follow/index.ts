/**
 * Local logs followed as they grow (`--follow`): files, directories and globs (looked at again on
 * every poll, so that a file created later is followed from its start), stdin and pipes.
 *
 * Polling, not file-system events: every poll is one `stat` per file (and a 64-byte read to tell
 * a rewritten file from a grown one). fs.watch (and chokidar, which wraps it) misses changes on
 * network and container file systems and still needs the same stat to tell rotation and
 * truncation apart, and chokidar's current major needs Node 22; `tail -F` polls the same way.
 */
import { statSync } from "node:fs";
import { createReadStream } from "node:fs";
import path from "node:path";
import type { EventFeed } from "../../../engine/feed.js";
import type { LogEvent, ReadStatistics } from "../../../engine/source.js";
import { isGzipFile } from "../byte-reader.js";
import { DEFAULT_MAX_LINE_BYTES } from "../index.js";
import { fileId, type LocalFile } from "../local-file.js";
import { checkPaths, resolveFiles, STDIN_PATH } from "../resolve-paths.js";
import { TailedFile, type TailOptions } from "./tail-file.js";
import { TailedStream } from "./tail-stream.js";

export interface FollowLocalOptions {
  stdin?: NodeJS.ReadableStream;
  onWarning?: (message: string) => void;
  /** Inclusive time bounds, epoch ms: older lines are read past, not kept. */
  start?: number;
  end?: number;
  maxLineBytes?: number;
  /** Only lines written from now on (the files' current lines are skipped). */
  fromEnd?: boolean;
  /** How often directories and globs are looked at again for new files, ms (default 2000). */
  resolveEveryMs?: number;
}

/** How often the paths are looked at again for new files (directories, globs), ms. */
const RESOLVE_EVERY_MS = 2000;

export function followLocal(paths: string[], options: FollowLocalOptions = {}): EventFeed {
  checkPaths(paths);
  return new LocalFeed(paths, options);
}

class LocalFeed implements EventFeed {
  /** A stat per file, four times a second: new lines show within a quarter of a second. */
  readonly pollEveryMs = 250;
  private readonly tails = new Map<string, TailedFile>();
  private readonly streams: TailedStream[] = [];
  private readonly skipped = new Set<string>();
  private readonly filePaths: string[];
  private readonly tailOptions: TailOptions;
  private readonly stats: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  private resolvedAt = -Infinity;
  private first = true;

  constructor(
    paths: string[],
    private readonly options: FollowLocalOptions,
  ) {
    const warn = options.onWarning ?? (() => {});
    this.tailOptions = { start: options.start ?? -Infinity, end: options.end ?? Infinity, maxLineBytes: options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES, onWarning: warn };
    this.filePaths = [];
    for (const p of paths) {
      if (p === STDIN_PATH) {
        const stdin: LocalFile = { path: STDIN_PATH, display: "stdin", group: "stdin", stream: "stdin", id: fileId("stdin") };
        this.streams.push(new TailedStream(stdin, options.stdin ?? process.stdin, this.tailOptions, this.stats));
        continue;
      }
      const info = statSync(p, { throwIfNoEntry: false });
      if (info && !info.isFile() && !info.isDirectory()) {
        // A FIFO or `<(command)`: read as a stream, as stdin.
        const abs = path.resolve(p);
        const pipe: LocalFile = { path: abs, display: p, group: path.basename(path.dirname(abs)), stream: path.basename(abs), id: fileId(abs) };
        this.streams.push(new TailedStream(pipe, createReadStream(abs), this.tailOptions, this.stats));
      } else this.filePaths.push(p);
    }
  }

  describe(): string {
    const files = this.tails.size;
    const parts = [files === 1 ? "1 file" : `${files} files`];
    for (const stream of this.streams) parts.push(stream.file.display);
    return parts.join(", ");
  }

  async poll(): Promise<{ events: LogEvent[]; behind: boolean }> {
    if (Date.now() - this.resolvedAt >= (this.options.resolveEveryMs ?? RESOLVE_EVERY_MS)) await this.resolve();
    const events: LogEvent[] = [];
    let behind = false;
    for (const tail of [...this.tails.values(), ...this.streams]) {
      const polled = await tail.poll();
      for (const event of polled.events) events.push(event);
      behind ||= polled.behind;
    }
    return { events, behind };
  }

  async close(): Promise<void> {
    await Promise.all([...this.tails.values(), ...this.streams].map((tail) => tail.close()));
    this.tails.clear();
  }

  private async resolve(): Promise<void> {
    this.resolvedAt = Date.now();
    if (this.filePaths.length === 0) return;
    let files: LocalFile[];
    try {
      ({ files } = await resolveFiles(this.filePaths, undefined, () => {
        throw new Error("pipes are followed as streams");
      }));
    } catch (error) {
      // A path that went away (a rotated file not yet recreated): its tail waits for it.
      if ((error as Error).name !== "SourcePathError") throw error;
      return;
    }
    for (const file of files) {
      if (this.tails.has(file.path) || this.skipped.has(file.path)) continue;
      if (await isGzipFile(file).catch(() => false)) {
        // A rotated, compressed file does not grow: it is left out, said once.
        this.skipped.add(file.path);
        this.options.onWarning?.(`${file.display} is compressed (a rotated log?) and does not grow: --follow leaves it out`);
        continue;
      }
      this.tails.set(file.path, new TailedFile(file, this.tailOptions, this.stats, this.first && this.options.fromEnd === true));
    }
    this.first = false;
  }
}
