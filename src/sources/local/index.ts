/**
 * The local source: log files (JSON lines, plain text, CloudWatch envelopes, S3 exports; gzip or
 * not), directories, globs and stdin, read as log groups and streams by the store layout.
 */
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { EventSource, IndexKey, LogEvent, ReadOptions, ReadStatistics, SourceSplit } from "../../engine/source.js";
import { fileFormat, firstLine, readRecord } from "./read-record.js";
import { cutParts, type FileSlice, type SizedFile } from "./cut-parts.js";
import { hasBareCrLines, isGzipFile } from "./byte-reader.js";
import { PartIssues } from "./part-issues.js";
import { flatten } from "./flatten.js";
import { asEnvelope, type FileFormat } from "./line-decoder.js";
import { decodePtr } from "./local-event.js";
import type { LocalFile } from "./local-file.js";
import { checkPaths, describeSkipped, resolveFiles } from "./resolve-paths.js";
import { scanFiles, type LocalPart, type ScanSlice } from "./scan-files.js";
import { StreamSpool } from "./stream-spool.js";
import { hasFieldIndex } from "./field-index/location.js";
import { indexedRanges } from "./field-index/lookup.js";
import { DeclaredFormats } from "../../engine/vended/log-format.js";
import { READ_PART_URL } from "./read-part-url.js";

export { SourcePathError } from "./errors.js";
export { readPart } from "./scan-files.js";
export { groupDirName, streamFileName } from "./layout.js";
import { MAX_LINE_BYTES } from "./layout.js";

export interface LocalSourceOptions {
  /** What `-` reads; `process.stdin` by default. */
  stdin?: NodeJS.ReadableStream;
  /** Non-fatal problems (skipped lines, a cut gzip file), one message per file. */
  onWarning?: (message: string) => void;
  /** Longer lines are skipped and reported; CloudWatch's event limit by default. */
  maxLineBytes?: number;
}

export const DEFAULT_MAX_LINE_BYTES = MAX_LINE_BYTES;

class LocalSource implements EventSource {
  private readonly stdin: StreamSpool | undefined;
  /** Pipes named as paths, each copied once (see stream-spool.ts). */
  private readonly pipes = new Map<string, StreamSpool>();
  private readonly maxLineBytes: number;
  private readonly warn: (message: string) => void;
  /** The files of the last resolution, by id, for `getRecord`. */
  private byId = new Map<string, LocalFile>();
  /** Files already reported as not logs: each is told once, however often paths are resolved. */
  private readonly toldSkipped = new Set<string>();
  /**
   * The files `split` resolved and then left to `read` (a field index, too little to split), by the
   * read's options: the engine reads with the same options right after, and each file is sniffed
   * once instead of twice (40 files of a trace over 10 GB). Another read resolves anew.
   */
  private readonly leftToRead = new WeakMap<ReadOptions, LocalFile[]>();

  constructor(
    private readonly paths: string[],
    options: LocalSourceOptions,
  ) {
    this.stdin = paths.includes("-") ? new StreamSpool(options.stdin ?? process.stdin) : undefined;
    this.maxLineBytes = options.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
    this.warn = onceEach(options.onWarning ?? (() => {}));
  }

  private async resolve(): Promise<LocalFile[]> {
    const { files, skipped } = await resolveFiles(this.paths, this.stdin, (abs) => {
      let spool = this.pipes.get(abs);
      if (!spool) this.pipes.set(abs, (spool = new StreamSpool(createReadStream(abs))));
      return spool;
    });
    const untold = skipped.filter((s) => !s.quiet && !this.toldSkipped.has(s.display));
    if (untold.length > 0) {
      for (const s of untold) this.toldSkipped.add(s.display);
      this.warn(`skipped ${untold.length === 1 ? "1 file that is" : `${untold.length} files that are`} not a log: ${describeSkipped(untold)}`);
    }
    this.byId = new Map(files.map((f) => [f.id, f]));
    return files;
  }

  /** The group of an envelope file's first line, which overrides its directory's name. */
  private async envelopeGroup(file: LocalFile): Promise<string | undefined> {
    const line = await firstLine(file, this.maxLineBytes);
    if (!line || line.buf[line.content] !== 0x7b) return undefined;
    try {
      return asEnvelope(JSON.parse(line.buf.toString("utf8", line.content, line.end)))?.logGroupName;
    } catch {
      return undefined;
    }
  }

  async listGroups(): Promise<string[]> {
    const groups = new Set<string>();
    for (const file of await this.resolve()) groups.add((await this.envelopeGroup(file)) ?? file.group);
    return [...groups].sort();
  }

  read(options: ReadOptions, stats: ReadStatistics): AsyncIterable<LogEvent> {
    return flatten(this.batches(options, stats));
  }

  private async *batches(options: ReadOptions, stats: ReadStatistics): AsyncGenerator<LogEvent[]> {
    const files = this.leftToRead.get(options) ?? (await this.resolve());
    this.leftToRead.delete(options);
    const keys = this.usableIndexKeys(options, files);
    const slices = keys ? await this.indexedSlices(files, keys) : files.map((file) => ({ file }));
    if (slices.length === new Set(slices.map((slice) => slice.file)).size) return yield* scanFiles(slices, this.maxLineBytes, options, stats, this.warn);
    // A file read in the blocks its index names: its issues told once, added up, as for parts.
    const issues = new PartIssues(this.maxLineBytes, this.warn);
    yield* scanFiles(slices, this.maxLineBytes, options, stats, (message) => issues.take(message), true);
    await issues.finish();
  }

  /**
   * The read's index keys, unless a log format is declared: `tolog index` reads each line by its
   * own shape, so a declared format (a custom VPC field list, `text`) may give a line fields its
   * index does not hold, and a lookup would leave out the blocks of its events.
   */
  private usableIndexKeys(options: ReadOptions, files: LocalFile[]): IndexKey[] | undefined {
    const keys = options.indexKeys;
    if (!keys || !options.logFormats || new DeclaredFormats(options.logFormats).empty) return keys;
    if (files.some((f) => hasFieldIndex(f.path, keys))) this.warn("field indexes are not used with a declared log format (--log-format): they hold the fields of each line as read without one");
    return undefined;
  }

  /** Each file's byte ranges that its field indexes leave to read (field-index/); whole files without one. */
  private async indexedSlices(files: LocalFile[], keys: IndexKey[]): Promise<ScanSlice[]> {
    // The lookups are a few small reads per file: all files' at once, and how each file's lines
    // end (read from mid-file, a range needs it) with them, not once per range in turn.
    const lookups = await Promise.all(
      files.map(async (file) => {
        const indexed = await indexedRanges(file, keys, this.warn);
        if (!indexed || !indexed.ranges.some((r) => r.from > 0)) return indexed && { ...indexed, bareCr: undefined };
        const [format, bareCr] = await Promise.all([
          indexed.format ?? fileFormat(file, this.maxLineBytes),
          indexed.bareCr ?? hasBareCrLines(file).catch(() => undefined),
        ]);
        // A file that cannot be read now: its ranges' reads tell why, as they always did.
        return { ...indexed, format, bareCr };
      }),
    );
    return files.flatMap((file, i): ScanSlice[] => {
      const indexed = lookups[i];
      if (!indexed) return [{ file }];
      const { format, bareCr } = indexed;
      return indexed.ranges.map(({ from, to }) => ({ file, from, to: to === Infinity ? undefined : to, format, bareCr }));
    });
  }

  /**
   * Consecutive byte ranges of the files sized by `shares`: a plain file may be cut anywhere, a
   * gzip file is never cut. Not stdin (one reader).
   */
  async split(sharesFor: (bytes: number) => number[], options?: ReadOptions): Promise<SourceSplit | undefined> {
    if (this.stdin) return undefined;
    let sized: SizedFile[];
    let files: LocalFile[];
    try {
      files = await this.resolve();
      if (files.some((f) => f.handle)) return undefined;
      // A field index reads a few blocks: `read` does that on one thread.
      const keys = options && this.usableIndexKeys(options, files);
      if (keys && files.some((f) => hasFieldIndex(f.path, keys))) return this.leaveToRead(options, files);
      sized = await Promise.all(files.map(async (file) => ({ file, size: (await stat(file.path)).size, gzip: await isGzipFile(file) })));
    } catch {
      return undefined; // `read` meets the same problem and reports it as it always does
    }
    const shares = sharesFor(sized.reduce((sum, f) => sum + f.size, 0));
    if (shares.length < 2) return this.leaveToRead(options, files);
    const cut = cutParts(sized, shares);
    // A part from mid-file learns the file's format from its first line, read here once per file,
    // all at once: a stats in morsels starts mid-file in every file (8 files, one after another: 40 ms).
    const midFile = [...new Set(cut.flat().flatMap((slice) => (slice.from > 0 ? [slice.file] : [])))];
    const found = await Promise.all(midFile.map((file) => fileFormat(file, this.maxLineBytes)));
    const formats = new Map<LocalFile, FileFormat | undefined>(midFile.map((file, i) => [file, found[i]]));
    const parts: LocalPart[] = cut.map((slices) => ({
      slices: slices.map(({ file, from, to }) => {
        const { path, display, group, stream, id } = file;
        return { file: { path, display, group, stream, id }, from, to, format: formats.get(file) };
      }),
      maxLineBytes: this.maxLineBytes,
    }));
    const issues = new PartIssues(this.maxLineBytes, this.warn);
    return {
      module: READ_PART_URL,
      parts,
      warn: (message) => issues.take(message),
      finish: () => issues.finish(),
    };
  }

  private leaveToRead(options: ReadOptions | undefined, files: LocalFile[]): undefined {
    if (options) this.leftToRead.set(options, files);
    return undefined;
  }

  async getRecord(ptr: string): Promise<LogEvent | undefined> {
    const target = decodePtr(ptr);
    if (!target) return undefined;
    let file = this.byId.get(target.fileId);
    if (!file) {
      await this.resolve();
      file = this.byId.get(target.fileId);
    }
    if (!file) return undefined;
    try {
      return await readRecord(file, target.offset, this.maxLineBytes);
    } catch (error) {
      // The file went away since it was read: the pointer leads nowhere now.
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
}


/**
 * A source over local paths: files, directories (recursively), globs, gzip (by magic bytes) and
 * `-` for `options.stdin`. Throws `SourcePathError` when a path names nothing.
 */
export function openLocalSource(paths: string[], options: LocalSourceOptions = {}): EventSource {
  checkPaths(paths);
  return new LocalSource(paths, options);
}

export { indexLogs, type IndexOutcome, type IndexLogsOptions } from "./field-index/index-logs.js";

/**
 * A warning is told once per source, however often its files are read: a command that reads
 * them again (the fields an empty answer looks for, an analysis's second query) finds the same
 * issues in the same files, and saying them twice only buries the answer.
 */
function onceEach(warn: (message: string) => void): (message: string) => void {
  const told = new Set<string>();
  return (message) => {
    if (told.has(message)) return;
    told.add(message);
    warn(message);
  };
}
