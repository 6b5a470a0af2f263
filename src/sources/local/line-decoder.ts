/**
 * One line of a local file -> one event. The file's format is decided from its first non-empty
 * line; each later line is then checked with a byte or two, since a service that writes JSON may
 * still write the odd plain line.
 *
 * - json: any JSON object per line (the TaskOverflow schema, pino, ...): `@message` is the line,
 *   `@timestamp` its own time key (see json-time.ts), else the file's modification time.
 * - envelope: the lossless CloudWatch event line written by `tolog serve` and `tolog pull`:
 *   `@message`, `@timestamp`, `@ingestionTime`, group and stream come from its fields.
 * - export: CloudWatch's export to S3, `<ISO time> <message>`: the time is the prefix.
 * - text: anything else: `@message` is the line, `@timestamp` a leading ISO time or the mtime.
 */
import type { ReadStatistics } from "../../engine/source.js";
import type { FieldExtractor } from "../../engine/extract.js";
import type { FileIssues } from "./file-issues.js";
import { parseIsoBytes } from "./iso-time.js";
import { JsonTimeFinder } from "./json-time.js";
import { LocalEvent } from "./local-event.js";
import type { LocalFile } from "./local-file.js";
import { bufferIsAscii, sliceText } from "./text.js";

export type FileFormat = "json" | "envelope" | "export" | "text";

const ENVELOPE_KEYS = new Set(["timestamp", "ingestionTime", "logGroupName", "logStreamName", "message", "eventId"]);
const OPEN_BRACE = 0x7b;

interface Envelope {
  timestamp: number;
  ingestionTime?: number;
  logGroupName?: string;
  logStreamName?: string;
  message: string;
}

export function asEnvelope(value: unknown): Envelope | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return undefined;
  const v = value as Record<string, unknown>;
  // Epoch ms and a field only an envelope has: `{"timestamp":1713517200.123,"message":"x"}`
  // is a service's line (StructuredFormatter writes seconds), not an envelope.
  if (!Number.isInteger(v.timestamp) || (v.timestamp as number) < 1e11 || typeof v.message !== "string") return undefined;
  if (v.ingestionTime === undefined && v.eventId === undefined && v.logStreamName === undefined && v.logGroupName === undefined) {
    return undefined;
  }
  if (v.ingestionTime !== undefined && typeof v.ingestionTime !== "number") return undefined;
  if (v.logGroupName !== undefined && typeof v.logGroupName !== "string") return undefined;
  if (v.logStreamName !== undefined && typeof v.logStreamName !== "string") return undefined;
  for (const key in v) if (!ENVELOPE_KEYS.has(key)) return undefined;
  return v as unknown as Envelope;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ ` exactly, as CloudWatch writes each line of an export. */
function exportPrefixTime(buf: Uint8Array, start: number, end: number): number {
  if (end - start < 25 || buf[start + 10] !== 0x54 || buf[start + 19] !== 0x2e || buf[start + 23] !== 0x5a || buf[start + 24] !== 0x20) {
    return NaN;
  }
  return parseIsoBytes(buf, start, start + 24);
}

export interface DecodeOptions {
  /** Inclusive time bounds, epoch ms (±Infinity when open). */
  start: number;
  end: number;
  /** Group selection applied to envelope lines, whose group may differ from the file's. */
  groupSelected?: (group: string) => boolean;
  /** Picks the fields the query reads out of a JSON line's bytes (`ReadOptions.fields`). */
  fields?: FieldExtractor;
  /** `ReadOptions.messageUnread`: an event whose fields were extracted needs no `message`. */
  messageUnread?: boolean;
  /** `ReadOptions.timeUnread`: a JSON line's time key need not be found. */
  timeUnread?: boolean;
}

export class LineDecoder {
  format: FileFormat | undefined;
  readonly times = new JsonTimeFinder();
  /** Whether the current buffer is all ASCII (see text.ts). */
  private buf: Buffer | undefined;
  private asciiKnown: boolean | undefined;
  /**
   * Whether the buffer is all ASCII, checked on first use: a needle search decodes few lines,
   * and checking every buffer of a 1 GB scan costs 50 ms.
   */
  private get ascii(): boolean {
    return (this.asciiKnown ??= this.buf !== undefined && bufferIsAscii(this.buf));
  }
  /** Whether the events named after the file's path belong to a selected group. */
  private readonly fileGroupSelected: boolean;

  constructor(
    private readonly file: LocalFile,
    private readonly mtime: number,
    private readonly gzip: boolean,
    private readonly options: DecodeOptions,
    private readonly stats: ReadStatistics,
    private readonly issues: FileIssues,
  ) {
    this.fileGroupSelected = !options.groupSelected || options.groupSelected(file.group);
  }

  /** Starts on new buffer content; `buf` ends where the valid bytes end. */
  setBuffer(buf: Buffer): void {
    this.times.reset(buf);
    this.buf = buf;
    this.asciiKnown = undefined;
  }

  detect(buf: Buffer, start: number, end: number): FileFormat {
    if (buf[start] === OPEN_BRACE) {
      return asEnvelope(parseJson(buf.toString("utf8", start, end))) ? "envelope" : "json";
    }
    // Only a gzip file or one named like an export object (`000000`) is taken as an export,
    // since plain logs often start with an ISO time too and must keep it in `@message`.
    const exportLike = this.gzip || /^\d+$/.test(this.file.stream);
    return exportLike && !Number.isNaN(exportPrefixTime(buf, start, end)) ? "export" : "text";
  }

  private inRange(t: number): boolean {
    return t >= this.options.start && t <= this.options.end;
  }

  /**
   * Decodes the line `[lineStart, lineEnd)` (no newline; `\r` already cut) at file offset
   * `offset`; `content` is where it starts after leading blanks. `unterminated` marks a last line
   * without a newline, which may be half written by a concurrent writer.
   */
  decode(buf: Buffer, lineStart: number, content: number, lineEnd: number, offset: number, unterminated: boolean): LocalEvent | undefined {
    const format = (this.format ??= this.detect(buf, content, lineEnd));
    if (buf[content] === OPEN_BRACE) {
      if (format === "envelope") return this.envelope(buf, content, lineEnd, offset, unterminated);
      if (format === "json") return this.json(buf, lineStart, content, lineEnd, offset, unterminated);
    }
    if (!this.fileGroupSelected) return undefined;
    let t = NaN;
    let messageStart = lineStart;
    if (format === "export") {
      t = exportPrefixTime(buf, content, lineEnd);
      if (!Number.isNaN(t)) messageStart = content + 25;
    }
    if (Number.isNaN(t)) t = parseIsoBytes(buf, content, lineEnd);
    if (Number.isNaN(t)) t = this.mtime;
    if (!this.inRange(t)) return undefined;
    this.stats.recordsScanned++;
    this.stats.bytesScanned += lineEnd - messageStart;
    const message = sliceText(buf, messageStart, lineEnd, this.ascii);
    return new LocalEvent(t, t, message, this.file.group, this.file.stream, this.file.id, offset);
  }

  private json(buf: Buffer, lineStart: number, content: number, lineEnd: number, offset: number, unterminated: boolean): LocalEvent | undefined {
    if (!this.fileGroupSelected) return undefined;
    let t = this.options.timeUnread ? 0 : this.times.find(content, lineEnd);
    if (Number.isNaN(t)) t = this.mtime;
    if (!this.inRange(t)) return undefined;
    if (unterminated && parseJson(sliceText(buf, lineStart, lineEnd, this.ascii)) === undefined) return undefined;
    this.stats.recordsScanned++;
    this.stats.bytesScanned += lineEnd - lineStart;
    // The message is these bytes decoded (latin1 when all ASCII, else UTF-8), as the extractor reads them.
    const fields = this.options.fields?.extract(buf, lineStart, lineEnd, this.ascii);
    const message = fields !== undefined && this.options.messageUnread ? "" : sliceText(buf, lineStart, lineEnd, this.ascii);
    return new LocalEvent(t, t, message, this.file.group, this.file.stream, this.file.id, offset, fields);
  }

  private envelope(buf: Buffer, content: number, lineEnd: number, offset: number, unterminated: boolean): LocalEvent | undefined {
    // The envelope's own `timestamp` key, found without parsing: prunes before JSON.parse.
    const early = this.times.find(content, lineEnd);
    if (!Number.isNaN(early) && !this.inRange(early)) return undefined;
    const e = asEnvelope(parseJson(sliceText(buf, content, lineEnd, this.ascii)));
    if (!e) {
      if (!unterminated) this.issues.addMalformed(offset);
      return undefined;
    }
    if (!this.inRange(e.timestamp)) return undefined;
    const group = e.logGroupName ?? this.file.group;
    if (this.options.groupSelected && !this.options.groupSelected(group)) return undefined;
    this.stats.recordsScanned++;
    this.stats.bytesScanned += Buffer.byteLength(e.message);
    const ingestionTime = e.ingestionTime ?? e.timestamp;
    return new LocalEvent(e.timestamp, ingestionTime, e.message, group, e.logStreamName ?? this.file.stream, this.file.id, offset);
  }
}
