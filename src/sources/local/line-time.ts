/**
 * What each line says of itself, decided per line as CloudWatch decides per event: whether a
 * `{` line may be an envelope, and a line's own time. A line with no time of its own (a banner,
 * a stack trace's lines, a JSON line without a time key) takes the time of the nearest line
 * before it that has one, or when none does, of the first one after it; the file's modification
 * time only when no line of the file has a time (see time-carry.ts and the README's "Local log
 * files").
 */
import { parseIsoBytes } from "./iso-time.js";
import { JsonTimeFinder } from "./json-time.js";
import { vendedTextTime } from "./vended-time.js";

const NL = 0x0a;
const CR = 0x0d;
const QUOTE = 0x22;
const OPEN_BRACE = 0x7b;
const COLON = 0x3a;
const LOWER_T = 0x74;

const quoted = (key: string) => Buffer.from(`"${key}"`);
/** Keys an envelope may have: its first key is one of them. */
const ENVELOPE_FIRST_KEYS = ["timestamp", "ingestionTime", "logGroupName", "logStreamName", "message", "eventId"].map(quoted);
const TIMESTAMP_KEY = ENVELOPE_FIRST_KEYS[0];
/**
 * The second letter of the envelope keys that start with each letter (one per first letter:
 * `logGroupName` and `logStreamName` share `lo`), 0 for other letters: most lines are told apart
 * by two bytes (`{"level"`, `{"msg"`).
 */
const ENVELOPE_KEY_SECONDS = new Uint8Array(256);
for (const key of ENVELOPE_FIRST_KEYS) ENVELOPE_KEY_SECONDS[key[1]] = key[2];
/** Keys only an envelope has (asEnvelope wants one): a line without any is never parsed as one. */
const ENVELOPE_ONLY_KEYS = ["ingestionTime", "eventId", "logStreamName", "logGroupName"].map(quoted);

function startsWithAt(buf: Uint8Array, at: number, end: number, key: Uint8Array): boolean {
  if (at + key.length > end) return false;
  for (let i = 0; i < key.length; i++) if (buf[at + i] !== key[i]) return false;
  return true;
}

/**
 * Whether the `{` line `[start, end)` may be a CloudWatch envelope, by its bytes: its first key
 * is an envelope key and it holds a key only envelopes have. A JSON service line almost never
 * passes, so it is never parsed here; one that does is parsed and read as JSON when it is no
 * envelope. (Key names written with escapes are not recognised.)
 */
export function mayBeEnvelope(buf: Buffer, start: number, end: number): boolean {
  // The usual service line, `{"t........":"`: no other envelope key starts with a t, and an
  // envelope's `timestamp` is a number. Five bytes, where the general look below cost a sixth of
  // a `stats ... by sql` (not inlined where it is called, it stopped more being inlined there).
  if (buf[start + 13] === QUOTE && buf[start + 12] === COLON && buf[start + 11] === QUOTE && buf[start + 2] === LOWER_T && buf[start + 1] === QUOTE) return false;
  let p = start + 1;
  while (p < end && (buf[p] === 0x20 || buf[p] === 0x09)) p++;
  if (buf[p] !== QUOTE || p + 2 >= end || ENVELOPE_KEY_SECONDS[buf[p + 1]] !== buf[p + 2]) return false;
  if (startsWithAt(buf, p, end, TIMESTAMP_KEY)) {
    // An envelope's timestamp is epoch ms digits; services that write `timestamp` first mostly write a string.
    p += TIMESTAMP_KEY.length;
    while (p < end && (buf[p] === 0x20 || buf[p] === 0x09 || buf[p] === 0x3a)) p++;
    if (!(buf[p] >= 0x30 && buf[p] <= 0x39)) return false;
  } else if (!ENVELOPE_FIRST_KEYS.some((key) => startsWithAt(buf, p, end, key))) return false;
  const line = buf.subarray(start, end);
  return ENVELOPE_ONLY_KEYS.some((key) => line.indexOf(key) >= 0);
}

/** `YYYY-MM-DDTHH:MM:SS.sssZ ` exactly, as CloudWatch writes each line of an export. */
export function exportPrefixTime(buf: Uint8Array, start: number, end: number): number {
  if (end - start < 25 || buf[start + 10] !== 0x54 || buf[start + 19] !== 0x2e || buf[start + 23] !== 0x5a || buf[start + 24] !== 0x20) {
    return NaN;
  }
  return parseIsoBytes(buf, start, start + 24);
}

/** The time of a JSON line `[start, end)` found on its own (no cache over a buffer), or NaN. */
function jsonLineTime(buf: Buffer, start: number, end: number): number {
  const finder = new JsonTimeFinder();
  const line = buf.subarray(start, end);
  finder.reset(line);
  return finder.find(0, line.length);
}

/**
 * A line's own time, or NaN: a `{` line's time key (an envelope's `timestamp` among them), else
 * an export's prefix (`exportLike` files), a leading ISO 8601 time or the time a VPC flow record
 * or Route 53 query log line carries (vended-time.ts). `content` is where the
 * line starts after blanks; `end` excludes the line end.
 */
export function ownTime(buf: Buffer, content: number, end: number, exportLike: boolean): number {
  if (buf[content] === OPEN_BRACE) return jsonLineTime(buf, content, end);
  if (exportLike) {
    const t = exportPrefixTime(buf, content, end);
    if (!Number.isNaN(t)) return t;
  }
  const t = parseIsoBytes(buf, content, end);
  return Number.isNaN(t) ? vendedTextTime(buf, content, end) : t;
}

/** Where the line `[start, end)` starts after a BOM (at file offset 0) and blanks; `end` after a trailing CR is cut. */
export function lineBounds(buf: Buffer, start: number, end: number, atFileStart: boolean): { content: number; end: number } {
  let e = end;
  if (e > start && buf[e - 1] === CR) e--;
  let s = start;
  if (atFileStart && e - s >= 3 && buf[s] === 0xef && buf[s + 1] === 0xbb && buf[s + 2] === 0xbf) s += 3;
  while (s < e && (buf[s] === 0x20 || buf[s] === 0x09)) s++;
  return { content: s, end: e };
}

/**
 * The own time of the last line in `[from, to)` of `buf` that has one (lines end in `\n`; `to`
 * is a line start), or NaN. Lines longer than `maxLineBytes` are no events and are passed over.
 */
export function lastTimeIn(buf: Buffer, from: number, to: number, base: number, maxLineBytes: number, exportLike: boolean): number {
  let lineEnd = to - 1; // the newline ending the line before `to`
  while (lineEnd >= from) {
    const nl = lineEnd > from ? buf.lastIndexOf(NL, lineEnd - 1) : -1;
    const start = nl >= from ? nl + 1 : from;
    if (lineEnd - start <= maxLineBytes) {
      const { content, end } = lineBounds(buf, start, lineEnd, base + start === 0);
      if (content < end) {
        const t = ownTime(buf, content, end, exportLike);
        if (!Number.isNaN(t)) return t;
      }
    }
    lineEnd = start - 1;
  }
  return NaN;
}

/** Content bytes in which a file's first line end decides whether its lines end in a bare CR. */
export const LINE_END_WINDOW = 64 * 1024;

/**
 * Whether the file's lines end in a bare CR (classic Mac OS, some serial consoles and exports),
 * from the first line end within its first bytes: a CR not followed by LF. `eof` says whether
 * `buf[0..len)` is all the file has; undefined while it cannot tell yet.
 */
export function bareCrLines(buf: Buffer, len: number, eof: boolean): boolean | undefined {
  const window = Math.min(len, LINE_END_WINDOW);
  for (let i = 0; i < window; i++) {
    const b = buf[i];
    if (b === NL) return false;
    if (b === CR) {
      if (i + 1 < len) return buf[i + 1] !== NL;
      return eof ? true : undefined;
    }
  }
  return len >= LINE_END_WINDOW || eof ? false : undefined;
}

/** Turns every CR of `buf[from, to)` into LF, so that a bare-CR file reads like any other (offsets unchanged). */
export function crToLf(buf: Buffer, from: number, to: number): void {
  for (let i = buf.indexOf(CR, from); i >= 0 && i < to; i = buf.indexOf(CR, i + 1)) buf[i] = NL;
}
