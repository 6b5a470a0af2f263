/**
 * ISO 8601 date-times read straight from bytes, so that a line's time can be known (and the line
 * pruned) before any string is made of it.
 */

/** Where the last successful `parseIsoBytes` stopped (exclusive); avoids an object per call. */
export let isoEnd = 0;

const D0 = 0x30;

function digit(buf: Uint8Array, i: number): number {
  const d = buf[i] - D0;
  return d >= 0 && d <= 9 ? d : -1;
}

function twoDigits(buf: Uint8Array, i: number, end: number): number {
  if (i + 1 >= end) return -1;
  const a = digit(buf, i);
  const b = digit(buf, i + 1);
  return a < 0 || b < 0 ? -1 : a * 10 + b;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/**
 * Parses `YYYY-MM-DD[T| ]HH:MM[:SS[.fff...]][Z|±HH[:]MM|±HH]` starting at `pos`, returning epoch
 * ms or NaN. A time without a zone is taken as UTC (log files rarely say otherwise, and a local
 * zone would make results depend on the machine). Sets `isoEnd` on success.
 */
export function parseIsoBytes(buf: Uint8Array, pos: number, end: number): number {
  if (end - pos < 16) return NaN;
  let minutes: number;
  if (samePrefix(buf, pos)) minutes = prefixMinutes;
  else {
    minutes = parseMinutes(buf, pos, end);
    if (Number.isNaN(minutes)) return NaN;
    for (let j = 0; j < PREFIX; j++) prefix[j] = buf[pos + j];
    prefixMinutes = minutes;
  }
  let i = pos + PREFIX;
  let second = 0;
  let millis = 0;
  if (i < end && buf[i] === 0x3a) {
    second = twoDigits(buf, i + 1, end);
    if (second < 0 || second > 60) return NaN;
    i += 3;
    if (i < end && (buf[i] === 0x2e || buf[i] === 0x2c)) {
      i++;
      let scale = 100;
      const first = i;
      while (i < end) {
        const d = digit(buf, i);
        if (d < 0) break;
        millis += d * scale;
        scale /= 10;
        i++;
      }
      if (i === first) return NaN;
      millis = Math.floor(millis + 1e-6);
    }
  }
  let offsetMinutes = 0;
  if (i < end) {
    const z = buf[i];
    if (z === 0x5a || z === 0x7a) {
      i++;
    } else if (z === 0x2b || z === 0x2d) {
      const oh = twoDigits(buf, i + 1, end);
      if (oh >= 0) {
        let j = i + 3;
        let om = 0;
        if (j < end && buf[j] === 0x3a) j++;
        const m = twoDigits(buf, j, end);
        if (m >= 0) {
          om = m;
          j += 2;
        }
        offsetMinutes = (z === 0x2d ? -1 : 1) * (oh * 60 + om);
        i = j;
      }
    }
  }
  isoEnd = i;
  return (minutes - offsetMinutes) * 60_000 + second * 1000 + millis;
}

/** Minutes since the epoch of `YYYY-MM-DD[T| ]HH:MM` at `pos` (no zone applied), or NaN. */
function parseMinutes(buf: Uint8Array, pos: number, end: number): number {
  const y0 = digit(buf, pos), y1 = digit(buf, pos + 1), y2 = digit(buf, pos + 2), y3 = digit(buf, pos + 3);
  if (y0 < 0 || y1 < 0 || y2 < 0 || y3 < 0 || buf[pos + 4] !== 0x2d || buf[pos + 7] !== 0x2d) return NaN;
  const year = y0 * 1000 + y1 * 100 + y2 * 10 + y3;
  const month = twoDigits(buf, pos + 5, end);
  const day = twoDigits(buf, pos + 8, end);
  const sep = buf[pos + 10];
  if (month < 1 || month > 12 || day < 1 || day > 31 || (sep !== 0x54 && sep !== 0x20 && sep !== 0x74)) return NaN;
  const hour = twoDigits(buf, pos + 11, end);
  const minute = twoDigits(buf, pos + 14, end);
  if (hour < 0 || hour > 24 || minute < 0 || minute > 59 || buf[pos + 13] !== 0x3a) return NaN;
  return (daysFromCivil(year, month, day) * 24 + hour) * 60 + minute;
}

/**
 * `YYYY-MM-DD[T| ]HH:MM`, the part of a time that lines of a log share for a minute: the last
 * one parsed and its minutes, so that most lines compare 16 bytes instead of parsing them.
 */
const PREFIX = 16;
const prefix = new Uint8Array(PREFIX);
let prefixMinutes = NaN;

function samePrefix(buf: Uint8Array, pos: number): boolean {
  if (Number.isNaN(prefixMinutes)) return false;
  for (let j = 0; j < PREFIX; j++) if (buf[pos + j] !== prefix[j]) return false;
  return true;
}

/**
 * Reads a JSON number or numeric string as an epoch time. Its magnitude tells the unit: seconds
 * (the course's StructuredFormatter writes `1713517200.123`), milliseconds (pino's `time`),
 * microseconds or nanoseconds. Returns NaN when the bytes are not a plain decimal number.
 */
export function parseEpochBytes(buf: Uint8Array, pos: number, end: number): number {
  let i = pos;
  let negative = false;
  if (i < end && buf[i] === 0x2d) {
    negative = true;
    i++;
  }
  let whole = 0;
  let digits = 0;
  while (i < end) {
    const d = digit(buf, i);
    if (d < 0) break;
    whole = whole * 10 + d;
    digits++;
    i++;
  }
  if (digits === 0) return NaN;
  let fraction = 0;
  if (i < end && buf[i] === 0x2e) {
    i++;
    let scale = 0.1;
    while (i < end) {
      const d = digit(buf, i);
      if (d < 0) break;
      fraction += d * scale;
      scale /= 10;
      i++;
    }
  }
  if (i < end && (buf[i] === 0x65 || buf[i] === 0x45)) return NaN;
  isoEnd = i;
  const value = (negative ? -1 : 1) * (whole + fraction);
  return epochToMillis(value);
}

export function epochToMillis(value: number): number {
  const magnitude = Math.abs(value);
  if (magnitude < 1e11) return Math.round(value * 1000);
  if (magnitude < 1e14) return Math.round(value);
  if (magnitude < 1e17) return Math.round(value / 1000);
  return Math.round(value / 1e6);
}
