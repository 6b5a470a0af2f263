/**
 * One line of a local file -> one event, each line decided on its own as CloudWatch decides per
 * event, so that a banner before JSON lines, or the odd plain line among them, changes nothing
 * for the others:
 *
 * - a `{` line that is a CloudWatch envelope (the lossless event line written by `tolog serve`
 *   and `tolog pull`; recognised by its keys, see line-time.ts): `@message`, `@timestamp`,
 *   `@ingestionTime`, group and stream come from its fields;
 * - any other `{` line (the TaskOverflow schema, pino, ...): `@message` is the line, `@timestamp`
 *   its own time key (see json-time.ts);
 * - a line of CloudWatch's export to S3, `<ISO time> <message>` (in a gzip file or one named like
 *   an export object, `000000`): the time is the prefix, the rest `@message`;
 * - anything else: `@message` is the line, `@timestamp` a leading ISO time, or the time a VPC
 *   flow record or Route 53 query log line carries (vended-time.ts).
 *
 * A line with no time of its own takes the time of the nearest line before it that has one
 * (`lastTime`, also over lines a needle search skipped), else `leadTime`, which the scan looks up
 * when it first needs it (time-carry.ts): decode then answers NEEDS_LEAD and is called again.
 */
import type { FlowRecords, ReadStatistics } from "../../engine/source.js";
import type { FieldExtractor } from "../../engine/extract.js";
import { NO_FIELDS, type DiscoveredFields } from "../../engine/discover.js";
import type { VpcByteReader } from "../../engine/vended/vpc-bytes.js";
import type { FileIssues } from "./file-issues.js";
import { parseIsoBytes } from "./iso-time.js";
import { JsonTimeFinder } from "./json-time.js";
import { LocalEvent } from "./local-event.js";
import type { LocalFile } from "./local-file.js";
import { exportPrefixTime, lastTimeIn, mayBeEnvelope } from "./line-time.js";
import { vendedTextTime } from "./vended-time.js";
import { flowFormatDeclaration, flowLogHeaderFields, isDefaultFlowFormat } from "./flow-log-header.js";
import { bufferIsAscii, sliceText } from "./text.js";

/**
 * The kind of a file's first non-empty line. Lines are decoded each on its own; the first line's
 * kind only tells whether a file of an unselected group may hold envelopes of a selected one.
 */
export type FileFormat = "json" | "envelope" | "export" | "text";

const ENVELOPE_KEYS = new Set(["timestamp", "ingestionTime", "logGroupName", "logStreamName", "message", "eventId"]);
const OPEN_BRACE = 0x7b;

/** decode's answer for a line with no time of its own before `leadTime` is known. */
export const NEEDS_LEAD = Symbol("needs lead time");
/** envelope's answer for a `{` line that parses but is no envelope: read it as JSON. */
const NOT_ENVELOPE = Symbol("not an envelope");

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
  /**
   * The query reads no field and not `@message` (`ReadOptions.fields` empty, `messageUnread`):
   * a line's event holds neither, its text never decoded (`stats count(*) by bin(5m)`).
   */
  fieldsUnread?: boolean;
  /** `ReadOptions.timeUnread`: a line's time need not be found (a JSON line's time key, a text line's time). */
  timeUnread?: boolean;
  /**
   * Reads the fields of default-format VPC flow records (`ReadOptions.fields`) from their bytes,
   * for a file whose group has no declared format (engine/vended/vpc-bytes.ts).
   */
  vpc?: VpcByteReader;
  /** `ReadOptions.flowRecords`: usual flow records go there, and every other event too (line-batcher.ts). */
  flowRecords?: FlowRecords;
  /** Whether `--log-format` declares the file's group a VPC flow log (flow-log-header.ts). */
  flowFormatDeclared?: boolean;
  /** Lines longer are no events (and lend no time to the lines after them). */
  maxLineBytes: number;
}

export class LineDecoder {
  readonly times = new JsonTimeFinder();
  /** The time of the nearest line with one before `knownTo` in this scan, NaN while none. */
  lastTime = NaN;
  /** Lines of the buffer before this position are accounted for in `lastTime`. */
  private knownTo = 0;
  /** The time of untimed lines before the first timed one of this scan (time-carry.ts); NaN until looked up. */
  leadTime = NaN;
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
  /** Export lines are looked for only in a gzip file or one named like an export object (`000000`). */
  readonly exportLike: boolean;
  /**
   * Whether the file's first line is an envelope (a store of `tolog serve` or `tolog pull`): its
   * every `{` line is then parsed, and one that is not JSON is a malformed (torn) envelope,
   * skipped and counted, rather than an event of its raw text.
   */
  envelopeFile = false;
  /**
   * Set while lines a needle search skipped are decoded only to count them (a read with a time
   * range counts only the events in it): decode then counts an event and makes none.
   */
  countOnly = false;

  constructor(
    private readonly file: LocalFile,
    private readonly mtime: number,
    gzip: boolean,
    private readonly options: DecodeOptions,
    private readonly stats: ReadStatistics,
    private readonly issues: FileIssues,
  ) {
    this.fileGroupSelected = !options.groupSelected || options.groupSelected(file.group);
    // Plain logs often start with an ISO time too, and must keep it in `@message`.
    this.exportLike = gzip || /^\d+$/.test(file.stream);
  }

  /** Starts on new buffer content; `buf` ends where the valid bytes end. */
  setBuffer(buf: Buffer): void {
    this.times.reset(buf);
    this.buf = buf;
    this.asciiKnown = undefined;
    this.knownTo = 0;
  }

  /** Accounts in `lastTime` for the lines of the buffer before `to` that no decode saw (a needle search skipped them). */
  catchUp(buf: Buffer, to: number, base: number): void {
    // Two bytes after a decoded line's end hold at most its line end and an empty line.
    if (to - this.knownTo <= 2) {
      this.knownTo = Math.max(this.knownTo, to);
      return;
    }
    const t = lastTimeIn(buf, this.knownTo, to, base, this.options.maxLineBytes, this.exportLike);
    if (!Number.isNaN(t)) this.lastTime = t;
    this.knownTo = to;
  }

  /** The kind of the line `[start, end)` (see FileFormat). */
  detect(buf: Buffer, start: number, end: number): FileFormat {
    if (buf[start] === OPEN_BRACE) {
      return mayBeEnvelope(buf, start, end) && asEnvelope(parseJson(buf.toString("utf8", start, end))) ? "envelope" : "json";
    }
    return this.exportLike && !Number.isNaN(exportPrefixTime(buf, start, end)) ? "export" : "text";
  }

  private inRange(t: number): boolean {
    return t >= this.options.start && t <= this.options.end;
  }

  /** The time of a line with none of its own (see the file's comment). */
  private untimed(buf: Buffer, lineStart: number, base: number): number | typeof NEEDS_LEAD {
    this.catchUp(buf, lineStart, base);
    if (!Number.isNaN(this.lastTime)) return this.lastTime;
    return Number.isNaN(this.leadTime) ? NEEDS_LEAD : this.leadTime;
  }

  /**
   * Decodes the line `[lineStart, lineEnd)` (no newline; `\r` already cut) at file offset
   * `offset`; `content` is where it starts after leading blanks. `unterminated` marks a last line
   * without a newline, which may be half written by a concurrent writer.
   */
  decode(buf: Buffer, lineStart: number, content: number, lineEnd: number, offset: number, unterminated: boolean): LocalEvent | undefined | typeof NEEDS_LEAD {
    const base = offset - lineStart;
    this.catchUp(buf, lineStart, base);
    let event: LocalEvent | undefined | typeof NEEDS_LEAD | typeof NOT_ENVELOPE;
    if (buf[content] === OPEN_BRACE) {
      event = this.envelopeFile || mayBeEnvelope(buf, content, lineEnd) ? this.envelope(buf, content, lineEnd, offset, unterminated) : NOT_ENVELOPE;
      if (event === NOT_ENVELOPE) event = this.json(buf, lineStart, content, lineEnd, offset, unterminated);
    } else event = this.text(buf, lineStart, content, lineEnd, offset);
    if (event !== NEEDS_LEAD) this.knownTo = lineEnd;
    return event;
  }

  private text(buf: Buffer, lineStart: number, content: number, lineEnd: number, offset: number): LocalEvent | undefined | typeof NEEDS_LEAD {
    const header = flowLogHeaderFields(buf, content, lineEnd);
    if (header) {
      if (!isDefaultFlowFormat(header) && !this.options.flowFormatDeclared) this.issues.undeclaredFlowFormat ??= flowFormatDeclaration(header);
      return undefined;
    }
    let t = NaN;
    let messageStart = lineStart;
    if (this.exportLike) {
      t = exportPrefixTime(buf, content, lineEnd);
      if (!Number.isNaN(t)) messageStart = content + 25;
    }
    // A time the query does not read is not looked for (an export's prefix is, above: its message starts after it).
    if (Number.isNaN(t) && !this.options.timeUnread) {
      t = parseIsoBytes(buf, content, lineEnd);
      if (Number.isNaN(t)) t = vendedTextTime(buf, content, lineEnd);
    }
    if (!Number.isNaN(t)) this.lastTime = t;
    if (!this.fileGroupSelected) return undefined;
    if (Number.isNaN(t)) {
      const carried = this.options.timeUnread ? 0 : this.untimed(buf, lineStart, offset - lineStart);
      if (carried === NEEDS_LEAD) return carried;
      t = carried;
    }
    if (!this.inRange(t)) return undefined;
    this.stats.recordsScanned++;
    this.stats.bytesScanned += lineEnd - messageStart;
    if (this.countOnly) return undefined;
    if (this.options.fieldsUnread) return new LocalEvent(t, t, "", this.file.group, this.file.stream, this.file.id, offset, NO_FIELDS);
    // A flow record's fields from its bytes (its first byte is its version, 2 in the default format).
    const vpc = buf[messageStart] === 50 ? this.options.vpc : undefined;
    let fields: DiscoveredFields | undefined;
    const flow = this.options.flowRecords;
    if (vpc !== undefined && flow?.record !== undefined) {
      if (vpc.isUsual(buf, messageStart, lineEnd)) {
        flow.record(vpc, buf, this.file.group, this.file.stream);
        this.issues.events++;
        return undefined;
      }
      fields = vpc.readUnusual(buf, messageStart, lineEnd);
    } else fields = vpc?.read(buf, messageStart, lineEnd);
    if (fields === undefined) return new LocalEvent(t, t, sliceText(buf, messageStart, lineEnd, this.ascii), this.file.group, this.file.stream, this.file.id, offset);
    const message = this.options.messageUnread ? "" : sliceText(buf, messageStart, lineEnd, this.ascii);
    return new LocalEvent(t, t, message, this.file.group, this.file.stream, this.file.id, offset, fields, "vpc");
  }

  private json(buf: Buffer, lineStart: number, content: number, lineEnd: number, offset: number, unterminated: boolean): LocalEvent | undefined | typeof NEEDS_LEAD {
    if (!this.fileGroupSelected) return undefined;
    let t = this.options.timeUnread ? 0 : this.times.find(content, lineEnd);
    if (!Number.isNaN(t)) {
      if (!this.options.timeUnread) this.lastTime = t;
    } else {
      const carried = this.untimed(buf, lineStart, offset - lineStart);
      if (carried === NEEDS_LEAD) return carried;
      t = carried;
    }
    if (!this.inRange(t)) return undefined;
    if (unterminated && parseJson(sliceText(buf, lineStart, lineEnd, this.ascii)) === undefined) {
      this.issues.tornTail = true;
      return undefined;
    }
    this.stats.recordsScanned++;
    this.stats.bytesScanned += lineEnd - lineStart;
    if (this.countOnly) return undefined;
    if (this.options.fieldsUnread) return new LocalEvent(t, t, "", this.file.group, this.file.stream, this.file.id, offset, NO_FIELDS);
    const records = this.options.flowRecords;
    if (records?.fields !== undefined && this.options.fields !== undefined && this.options.messageUnread) {
      // A stats takes the line's values with no event made (engine/json-stats.ts); a line only full
      // discovery reads becomes an event of its text.
      const values = this.options.fields.extractValues(buf, lineStart, lineEnd, this.ascii);
      if (values === undefined) return new LocalEvent(t, t, sliceText(buf, lineStart, lineEnd, this.ascii), this.file.group, this.file.stream, this.file.id, offset);
      records.fields(values);
      this.issues.events++;
      return undefined;
    }
    // The message is these bytes decoded (latin1 when all ASCII, else UTF-8), as the extractor reads them.
    const fields = this.options.fields?.extract(buf, lineStart, lineEnd, this.ascii);
    const message = fields !== undefined && this.options.messageUnread ? "" : sliceText(buf, lineStart, lineEnd, this.ascii);
    return new LocalEvent(t, t, message, this.file.group, this.file.stream, this.file.id, offset, fields);
  }

  private envelope(buf: Buffer, content: number, lineEnd: number, offset: number, unterminated: boolean): LocalEvent | undefined | typeof NOT_ENVELOPE {
    // The envelope's own `timestamp` key, found without parsing: prunes before JSON.parse.
    const early = this.times.find(content, lineEnd);
    if (!Number.isNaN(early)) {
      this.lastTime = early;
      if (!this.inRange(early)) return undefined;
    }
    const parsed = parseJson(sliceText(buf, content, lineEnd, this.ascii));
    if (parsed === undefined) {
      if (unterminated) this.issues.tornTail = true;
      else this.issues.addMalformed(offset);
      return undefined;
    }
    const e = asEnvelope(parsed);
    if (!e) return NOT_ENVELOPE;
    if (!this.inRange(e.timestamp)) return undefined;
    const group = e.logGroupName ?? this.file.group;
    if (this.options.groupSelected && !this.options.groupSelected(group)) return undefined;
    this.stats.recordsScanned++;
    this.stats.bytesScanned += Buffer.byteLength(e.message);
    if (this.countOnly) return undefined;
    const ingestionTime = e.ingestionTime ?? e.timestamp;
    return new LocalEvent(e.timestamp, ingestionTime, e.message, group, e.logStreamName ?? this.file.stream, this.file.id, offset);
  }
}
