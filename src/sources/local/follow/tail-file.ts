import { open, stat, type FileHandle } from "node:fs/promises";
import type { ReadStatistics } from "../../../engine/source.js";
import { FileIssues } from "../file-issues.js";
import { LineBatcher } from "../line-batcher.js";
import { LineDecoder, type DecodeOptions } from "../line-decoder.js";
import type { LocalEvent } from "../local-event.js";
import type { LocalFile } from "../local-file.js";

const NL = 0x0a;
/** Bytes read from one file per poll: a writer far ahead is caught up with over several polls, in bounded memory. */
export const POLL_READ_BYTES = 4 * 1024 * 1024;
/** Bytes before the read position compared on every poll: the same size and other bytes mean the file was rewritten. */
const CHECK_BYTES = 64;

export interface TailOptions extends DecodeOptions {
  onWarning: (message: string) => void;
}

/**
 * A decoder for lines read as they are written: a line without a time of its own takes the time
 * of the line before it (as in any scan), and lines before the first timed one take the time they
 * were read at, which for a file being followed is when they were written, give or take a poll.
 */
export function liveDecoder(file: LocalFile, options: DecodeOptions, stats: ReadStatistics, issues: FileIssues): LineDecoder {
  const decoder = new LineDecoder(file, Date.now(), false, options, stats, issues);
  decoder.leadTime = Date.now();
  return decoder;
}

/**
 * One file followed as it grows, as `tail -F` does: complete lines only (a line still being
 * written waits for its newline), from where the last poll stopped. Kept whole across what log
 * writers do to a file:
 * - rotation (renamed away, a new file at the path: another inode): the old file's last lines
 *   are read to its end, then the new file from its start;
 * - truncation (copytruncate: the size drops below what was read), or a rewrite that has grown
 *   past it (the bytes just before the read position changed): read again from the start, where
 *   only new lines are.
 * Lines already read are never read again.
 */
export class TailedFile {
  private handle: FileHandle | undefined;
  private ino = -1;
  private position = 0;
  /** The bytes just before `position`, to tell a rewritten file from a grown one. */
  private check: Buffer = Buffer.alloc(0);
  private readonly issues = new FileIssues();
  private decoder: LineDecoder | undefined;
  private told = { malformed: 0, oversized: 0 };
  /** Skipping the rest of a line longer than maxLineBytes. */
  private skipping = false;
  /** The file was opened before: any later file at the path is new, and read from its start. */
  private opened = false;

  constructor(
    readonly file: LocalFile,
    private readonly options: TailOptions,
    private readonly stats: ReadStatistics,
    /** Start at the end: only lines written from now on. */
    private readonly fromEnd: boolean,
  ) {}

  /** The complete lines written since the last poll (at most about POLL_READ_BYTES); `behind` when more are waiting. */
  async poll(): Promise<{ events: LocalEvent[]; behind: boolean }> {
    const events: LocalEvent[] = [];
    const info = await stat(this.file.path).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "ENOENT") return undefined;
      throw error;
    });
    if (this.handle && (!info || info.ino !== this.ino)) {
      // Rotated (or removed): what the writer still put in the old file is read to its end.
      await this.readTo(Infinity, events, true);
      await this.handle.close();
      this.handle = undefined;
      if (info) this.options.onWarning(`${this.file.display} was rotated: following the new file from its start`);
    }
    if (!info) return { events, behind: false };
    if (!this.handle) {
      this.handle = await open(this.file.path, "r");
      const opened = await this.handle.stat();
      this.ino = opened.ino;
      // The file there when following began is read from its end when asked (from the line
      // after its last complete one); one that appears later is new, and read whole.
      this.position = this.fromEnd && !this.opened ? await this.afterLastNewline(opened.size) : 0;
      this.check = await this.bytesBefore(this.position);
      this.opened = true;
      this.decoder = liveDecoder(this.file, this.options, this.stats, this.issues);
    }
    const size = (await this.handle.stat()).size;
    if (size < this.position || (size > this.position && !(await this.bytesBefore(this.position)).equals(this.check))) {
      this.options.onWarning(`${this.file.display} was truncated or rewritten: following it from its start`);
      this.position = 0;
      this.check = Buffer.alloc(0);
      this.skipping = false;
      this.decoder = liveDecoder(this.file, this.options, this.stats, this.issues);
    }
    const behind = size > this.position + POLL_READ_BYTES;
    await this.readTo(Math.min(size, this.position + POLL_READ_BYTES), events, false);
    this.tellIssues();
    return { events, behind };
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }

  /**
   * Decodes the complete lines from `position` up to `limit`, a bounded read at a time (the
   * whole rest with Infinity); `last`: the file will not grow any more (rotated away), so its
   * last line counts even without a newline.
   */
  private async readTo(limit: number, events: LocalEvent[], last: boolean): Promise<void> {
    const handle = this.handle!;
    const end = limit === Infinity ? (await handle.stat()).size : limit;
    while (this.position < end) {
      const buf = Buffer.allocUnsafe(Math.min(end - this.position, POLL_READ_BYTES));
      const { bytesRead } = await handle.read(buf, 0, buf.length, this.position);
      if (bytesRead === 0) return;
      const before = this.position;
      this.decode(buf.subarray(0, bytesRead), events, last && this.position + bytesRead >= end);
      // No complete line in a whole read: it waits for its newline (or is skipped as too long).
      if (this.position === before) return;
    }
  }

  private decode(chunk: Buffer, events: LocalEvent[], last: boolean): void {
    let view = chunk;
    let base = this.position;
    if (this.skipping) {
      const nl = view.indexOf(NL);
      if (nl < 0) {
        this.advance(view, view.length);
        return;
      }
      this.skipping = false;
      this.advance(view, nl + 1);
      base += nl + 1;
      view = view.subarray(nl + 1);
    }
    const lastNL = view.lastIndexOf(NL);
    const batcher = this.batcher(view);
    // The decoder has a lead time, so no line stops the pass to look one up.
    if (lastNL >= 0) batcher.all(view, lastNL, base, 0);
    const rest = view.length - (lastNL + 1);
    if (last && rest > 0) {
      batcher.line(view, lastNL + 1, view.length, base, true);
      this.advance(view, view.length);
    } else if (rest > this.options.maxLineBytes) {
      this.issues.addOversized(base + lastNL + 1);
      this.skipping = true;
      this.advance(view, view.length);
    } else this.advance(view, lastNL + 1);
    for (const event of batcher.out) events.push(event);
  }

  private batcher(view: Buffer): LineBatcher {
    this.decoder ??= liveDecoder(this.file, this.options, this.stats, this.issues);
    this.decoder.setBuffer(view);
    return new LineBatcher(this.decoder, { ...this.options, needles: [] }, this.issues, this.stats);
  }

  /** Moves the read position `count` bytes into `view` (which starts at the position). */
  private advance(view: Buffer, count: number): void {
    this.position += count;
    const from = Math.max(0, count - CHECK_BYTES);
    this.check = count >= CHECK_BYTES ? Buffer.from(view.subarray(from, count)) : Buffer.concat([this.check, view.subarray(0, count)]).subarray(-CHECK_BYTES);
  }

  private async bytesBefore(position: number): Promise<Buffer> {
    const length = Math.min(CHECK_BYTES, position);
    if (length === 0 || !this.handle) return Buffer.alloc(0);
    const buf = Buffer.alloc(length);
    const { bytesRead } = await this.handle.read(buf, 0, length, position - length);
    return buf.subarray(0, bytesRead);
  }

  /** Where the line after the last complete one starts, searching back from `size`. */
  private async afterLastNewline(size: number): Promise<number> {
    const window = Math.min(size, 1024 * 1024);
    const buf = Buffer.alloc(window);
    const { bytesRead } = await this.handle!.read(buf, 0, window, size - window);
    const nl = buf.subarray(0, bytesRead).lastIndexOf(NL);
    return nl < 0 ? 0 : size - window + nl + 1;
  }

  /** Skipped lines are told as they first happen, then when their count grows, never once per line. */
  private tellIssues(): void {
    const { malformed, oversized } = this.issues;
    if (malformed > this.told.malformed) {
      this.options.onWarning(`skipped ${malformed - this.told.malformed} malformed line(s) in ${this.file.display} (${malformed} so far)`);
    }
    if (oversized > this.told.oversized) {
      this.options.onWarning(`skipped ${oversized - this.told.oversized} line(s) longer than ${this.options.maxLineBytes} bytes in ${this.file.display}`);
    }
    this.told = { malformed, oversized };
  }
}
