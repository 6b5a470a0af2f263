/**
 * Strings from buffer ranges without `toString`'s argument handling. A buffer that is all ASCII
 * (checked once per buffer, natively) is sliced as latin1, which is faster than UTF-8 decoding
 * and gives the same string.
 */
import { isAscii } from "node:buffer";

interface Slicing {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

export function bufferIsAscii(buf: Buffer): boolean {
  return isAscii(buf);
}

export function sliceText(buf: Buffer, start: number, end: number, ascii: boolean): string {
  const b = buf as unknown as Slicing;
  return ascii ? b.latin1Slice(start, end) : b.utf8Slice(start, end);
}
