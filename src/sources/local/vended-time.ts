/**
 * The time CloudWatch gives an event of an AWS log whose text carries it elsewhere than at its
 * start, for such a line read from a plain file (envelopes of a pulled store carry their own):
 * - a VPC flow record of the default format: its `start`, epoch seconds ("In CloudWatch Logs,
 *   the timestamp field corresponds to the start time that's captured in the flow log record",
 *   VPC user guide, "Publish flow logs to CloudWatch Logs");
 * - a Route 53 public DNS query log line: its query timestamp.
 * Read from the bytes by the shape `engine/vended/recognise.ts` looks for first (14 words: `2`,
 * an account, an `eni-` interface, ..., digits for start; 10 words: `<n.n> <ISO time> Z<zone>`),
 * without its checks of every value or a string: a scan that reads time pays a word count per
 * line, not a second recognition. A line of another shape (a flow record of 13 words) has no
 * time of its own, nor does a line of a declared custom format (`--log-format vpc:...`, which
 * the source does not see): they take the time of the lines around them.
 */
import { parseIsoBytes } from "./iso-time.js";

const SPACE = 0x20;
const TAB = 0x09;
const MAX_WORDS = 14;
/** Word bounds of the line being read: [start0, end0, start1, end1, ...]. */
const bounds = new Int32Array(2 * MAX_WORDS);

/** The words' bounds into `bounds`; their count, or MAX_WORDS + 1 when there are more. */
function wordBounds(buf: Uint8Array, start: number, end: number): number {
  let n = 0;
  let i = start;
  while (i < end) {
    while (i < end && (buf[i] === SPACE || buf[i] === TAB)) i++;
    if (i >= end) break;
    if (n === MAX_WORDS) return MAX_WORDS + 1;
    bounds[2 * n] = i;
    while (i < end && buf[i] !== SPACE && buf[i] !== TAB) i++;
    bounds[2 * n + 1] = i;
    n++;
  }
  return n;
}

/** The digits of `[from, to)` as a number, or NaN (empty, another byte, or too long to be exact). */
function digitsValue(buf: Uint8Array, from: number, to: number): number {
  if (from >= to || to - from > 15) return NaN;
  let v = 0;
  for (let i = from; i < to; i++) {
    const d = buf[i] - 0x30;
    if (d < 0 || d > 9) return NaN;
    v = v * 10 + d;
  }
  return v;
}

/** `<digits>.<digits>`: a Route 53 log's version. */
function isDottedVersion(buf: Uint8Array, from: number, to: number): boolean {
  let dot = -1;
  for (let i = from; i < to; i++) {
    if (buf[i] === 0x2e && dot < 0) dot = i;
    else if (buf[i] < 0x30 || buf[i] > 0x39) return false;
  }
  return dot > from && dot < to - 1;
}

/** Whether a text line starting at `content` may be a VPC flow record (`2 `) or a Route 53 query log line (`1.`). */
export function mayHaveVendedTime(buf: Uint8Array, content: number): boolean {
  const c = buf[content];
  return (c === 0x32 && (buf[content + 1] === SPACE || buf[content + 1] === TAB)) || (c === 0x31 && buf[content + 1] === 0x2e);
}

/** The event time (epoch ms) of the text line `[start, end)` when it has the shape of a VPC flow record or a Route 53 query log line, else NaN. */
export function vendedTextTime(buf: Uint8Array, start: number, end: number): number {
  if (!mayHaveVendedTime(buf, start)) return NaN;
  const n = wordBounds(buf, start, end);
  if (buf[start] === 0x32) {
    const eni = bounds[4];
    if (n !== 14 || buf[eni] !== 0x65 || buf[eni + 1] !== 0x6e || buf[eni + 2] !== 0x69 || buf[eni + 3] !== 0x2d) return NaN;
    return digitsValue(buf, bounds[20], bounds[21]) * 1000;
  }
  if (n !== 10 || !isDottedVersion(buf, bounds[0], bounds[1]) || buf[bounds[4]] !== 0x5a /* Z */) return NaN;
  return parseIsoBytes(buf, bounds[2], bounds[3]);
}
