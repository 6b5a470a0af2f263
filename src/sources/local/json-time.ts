/**
 * Finds the time of a JSON log line without parsing the line: the first top-level key among
 * `@timestamp`, `timestamp`, `time`, `ts` (in that order of preference) whose value reads as an
 * ISO 8601 date-time or an epoch number (see the decisions table in the query reference).
 *
 * Keys are looked up with native `indexOf` over the whole buffer and the next hit of each key is
 * remembered, so a key that no line has costs one scan per buffer, not one per line.
 */
import { parseEpochBytes, parseIsoBytes } from "./iso-time.js";

const TIME_KEYS = ["@timestamp", "timestamp", "time", "ts"].map((k) => Buffer.from(`"${k}"`));

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

function isSpace(b: number): boolean {
  return b === 0x20 || b === 0x09 || b === 0x0d || b === 0x0a;
}

/**
 * True when position `at` (a `"`) opens a string at depth 1 of the object starting at `start`,
 * that is, a top-level key or value rather than something nested or inside another string.
 */
function isTopLevel(buf: Uint8Array, start: number, at: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = start; i < at; i++) {
    const b = buf[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === 0x7b || b === 0x5b) {
      depth++;
    } else if (b === 0x7d || b === 0x5d) {
      depth--;
    }
  }
  return depth === 1 && !inString;
}

/** The time value at `pos` (just after `:` and spaces), or NaN. */
function readTimeValue(buf: Uint8Array, pos: number, end: number): number {
  if (pos >= end) return NaN;
  const b = buf[pos];
  if (b === QUOTE) {
    // A time's reading stops at the closing quote, which no part of a time can be: it is looked
    // for only when the value is no ISO time.
    const iso = parseIsoBytes(buf, pos + 1, end);
    if (!Number.isNaN(iso)) return iso;
    let close = pos + 1;
    while (close < end && buf[close] !== QUOTE) close++;
    return parseEpochBytes(buf, pos + 1, close);
  }
  if (b === 0x2d || (b >= 0x30 && b <= 0x39)) return parseEpochBytes(buf, pos, end);
  return NaN;
}

function startsWith(buf: Uint8Array, at: number, end: number, key: Uint8Array): boolean {
  if (at + key.length > end) return false;
  for (let i = 0; i < key.length; i++) if (buf[at + i] !== key[i]) return false;
  return true;
}

const AT = 0x40;

/**
 * Next position of `key` from `from`, or Infinity. `"@timestamp"` is found through its rare `@`
 * with memchr, several times faster than a substring search over a buffer that lacks it.
 */
function indexOfKey(buf: Buffer, key: Buffer, from: number): number {
  if (key[1] === AT) {
    for (let at = buf.indexOf(AT, from + 1); at >= 0; at = buf.indexOf(AT, at + 1)) {
      if (buf[at - 1] === QUOTE && startsWith(buf, at - 1, buf.length, key)) return at - 1;
    }
    return Infinity;
  }
  const hit = buf.indexOf(key, from);
  return hit < 0 ? Infinity : hit;
}

export class JsonTimeFinder {
  private buf: Buffer = Buffer.alloc(0);
  private readonly next = new Float64Array(TIME_KEYS.length);

  /** Starts over on new buffer content; `buf` must end where the valid bytes end. */
  reset(buf: Buffer): void {
    this.buf = buf;
    this.next.fill(-1);
  }

  /** Epoch ms of the line `[start, end)` (which begins with `{`), or NaN when it has none. */
  find(start: number, end: number): number {
    const buf = this.buf;
    for (let k = 0; k < TIME_KEYS.length; k++) {
      const key = TIME_KEYS[k];
      let hit = this.next[k];
      if (hit === Infinity) continue;
      // Most loggers write the time key first: `{"timestamp":...`; no search needed then.
      if (startsWith(buf, start + 1, end, key)) hit = start + 1;
      else if (hit < start) {
        hit = indexOfKey(buf, key, start);
        this.next[k] = hit;
      }
      while (hit < end) {
        let p = hit + key.length;
        while (p < end && isSpace(buf[p])) p++;
        if (p < end && buf[p] === COLON && isTopLevel(buf, start, hit)) {
          p++;
          while (p < end && isSpace(buf[p])) p++;
          const t = readTimeValue(buf, p, end);
          if (!Number.isNaN(t)) return t;
          break;
        }
        hit = indexOfKey(buf, key, hit + 1);
        this.next[k] = hit;
      }
    }
    return NaN;
  }
}
