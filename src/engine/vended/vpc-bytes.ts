/**
 * The default VPC flow log format read from a line's bytes, where a source has them (a local
 * file's read buffer): the fields `recogniseDefaultVpc` gives for the same line, without making
 * the line's string, splitting it or parsing its numbers from text. A flow log is ten million
 * lines a gigabyte, and the line's string, its words and their checks were most of what each
 * record cost. The usual record is checked in WebAssembly (wasm/vpc-scan.ts), which leaves its
 * words' bounds and its addresses as 32-bit numbers; numbers are read from the digits' bytes; an
 * address is looked up by its number (`AddressInterner`) and any other text word by its bytes
 * (`ByteWordInterner`) among those seen before at its position, so a repeated one makes no string.
 *
 * Only a line the default format reads whole is read here; anything else (a near miss, another
 * format, a word with a byte beyond ASCII) is left to discovery of the line's text, which tells
 * near misses and decodes UTF-8: `read` then answers undefined.
 */
import type { DiscoveredFields } from "../discover.js";
import { numberValue } from "../exact-number.js";
import { VpcScanner } from "../wasm/vpc-scan.js";
import { AddressInterner, ByteWordInterner, latin1 } from "./byte-interners.js";
import { DEFAULT_VPC_LAYOUT, NO_VALUE } from "./vpc-flow.js";

/** The word positions of the source and destination addresses in the default format. */
export const SRCADDR = 3;
export const DSTADDR = 4;

/** Start and end of each word of the line being read (`wordBounds`). */
const bounds = new Int32Array(2 * 16);
/** The dotted IPv4 addresses of the usual record being read (`usualRecord`), as 32-bit numbers, by word. */
const addresses = new Int32Array(16);

/** Makes the wanted fields of a checked line (its words' bounds in `bounds`). */
type Build = (b: Uint8Array) => DiscoveredFields;

/**
 * Reads the default format's `wanted` fields from a line's bytes (all of them without `wanted`),
 * each field's value as `defaultVpcReader(wanted)` gives it from the line's text: an object of
 * the same names in the same order.
 */
export class VpcByteReader {
  private readonly build: Build;
  /** One per word position, made when a text position first needs one (most reads never meet a flow record). */
  private readonly interners: Array<ByteWordInterner | undefined> = DEFAULT_VPC_LAYOUT.names.map(() => undefined);
  /** The source's and the destination's, made when first needed. */
  private readonly addressInterners: Array<AddressInterner | undefined> = [undefined, undefined];
  /** The line being built passed `usualRecord`: its addresses are in `addresses`. */
  private usual = false;
  /**
   * The words' bounds of the line being built: the scanner's own (in its memory) after the check
   * in WebAssembly, else `bounds`; copying the scanner's 28 ints to `bounds` cost more than the
   * reads of the three fields a query usually wants.
   */
  private words: Int32Array = bounds;
  /** The check in WebAssembly, made on the first record (null until then); undefined: checked here. */
  private scanner: VpcScanner | undefined | null;

  /** `inWasm`: check the usual record in WebAssembly where the runtime has it (the tests compare both). */
  constructor(wanted?: readonly string[], inWasm = true) {
    this.scanner = inWasm ? null : undefined;
    const { names, numeric } = DEFAULT_VPC_LAYOUT;
    const picked = names.map((name, i) => ({ name, i })).filter(({ name }) => wanted === undefined || wanted.includes(name));
    const values = picked.map(({ name, i }) => `${JSON.stringify(name)}: ${numeric[i] ? `n(b, ${i})` : `s(b, ${i})`}`);
    const make = new Function("s", "n", `return (b) => ({${values.join(", ")}});`) as (s: (b: Uint8Array, i: number) => string | null, n: (b: Uint8Array, i: number) => number | string | null) => Build;
    this.build = make(
      (b, i) => this.textAt(b, i),
      (b, i) => numberAt(b, this.words, i),
    );
  }

  /**
   * The fields of the line `b[from, to)` (no line end; a CR before it is cut) when the default
   * format reads it whole, else undefined: the line's text then goes to discovery as usual. As
   * `FieldExtractor.extract`, it keeps the bytes it copied for the same Buffer object: new bytes
   * must come in a new object (a local file's reads each make a new view).
   */
  read(b: Uint8Array, from: number, to: number): DiscoveredFields | undefined {
    if (this.isUsual(b, from, to)) return this.build(b);
    return this.readUnusual(b, from, to);
  }

  /**
   * Whether `b[from, to)` is a usual record (checked in one pass, `usualRecord`): its words can
   * then be read by position (`address`, `valueAt`) until the next line is checked.
   */
  isUsual(b: Uint8Array, from: number, to: number): boolean {
    return (this.usual = b[from] === 50 /* 2 */ && b[from + 1] === 32 && this.usualRecord(b, from, to));
  }

  /** `read` of a line that `isUsual` just answered false for. */
  readUnusual(b: Uint8Array, from: number, to: number): DiscoveredFields | undefined {
    if (b[from] !== 50 /* 2 */ || b[from + 1] !== 32) return undefined;
    this.words = bounds;
    if (wordBounds(b, from, to, 15) !== 14) return undefined;
    if (!isAccountAt(b, 1) || !isInterfaceAt(b, 2) || !defaultLineValid(b)) return undefined;
    return this.build(b);
  }

  /** `usualRecord`, in WebAssembly where there is a scanner: its words' bounds and addresses copied here. */
  private usualRecord(b: Uint8Array, from: number, to: number): boolean {
    const scanner = this.scanner === null ? (this.scanner = VpcScanner.create()) : this.scanner;
    if (scanner === undefined) {
      this.words = bounds;
      return usualRecord(b, from, to);
    }
    if (!scanner.check(b, from, to)) return false;
    this.words = scanner.bounds;
    addresses[SRCADDR] = scanner.addresses[0];
    addresses[DSTADDR] = scanner.addresses[1];
    return true;
  }

  /** The 32-bit number of the usual record's source (`i` 3) or destination (`i` 4) address. */
  address(i: number): number {
    return addresses[i];
  }

  /** Word `i` of the usual record in `b`, as `read` gives that field: a number, a text, or null for `-`. */
  valueAt(b: Uint8Array, i: number): string | number | null {
    return DEFAULT_VPC_LAYOUT.numeric[i] ? numberAt(b, this.words, i) : this.textAt(b, i);
  }

  /** Word `i` of the checked line, as `read` gives a text field: null for `-`. */
  textAt(b: Uint8Array, i: number): string | null {
    const words = this.words;
    const from = words[2 * i];
    const to = words[2 * i + 1];
    if (this.usual && (i === SRCADDR || i === DSTADDR)) return (this.addressInterners[i - SRCADDR] ??= new AddressInterner()).of(addresses[i], b, from, to);
    return to - from === 1 && b[from] === 45 ? NO_VALUE : (this.interners[i] ??= new ByteWordInterner()).of(b, from, to);
  }
}

/**
 * The usual record, split and checked in one pass over its bytes: words one space apart and
 * nothing after the last, an account of 12 digits, an `eni-` interface, dotted IPv4 addresses,
 * digits, ACCEPT or REJECT, OK, NODATA or SKIPDATA (the version was checked). Its words' bounds
 * are then in `bounds`, its addresses in `addresses`. False for any other line (a `-`, an IPv6
 * address, other blanks), which the word-by-word reading decides. The WebAssembly check answers
 * the same where the runtime has it; this one is for a runtime without, and the tests' reference.
 */
function usualRecord(b: Uint8Array, from: number, to: number): boolean {
  bounds[0] = from;
  bounds[1] = from + 1;
  let p = digitsWord(b, from + 2, to, 1);
  if (p < 0 || p - (from + 2) !== 12) return false;
  p = interfaceWord(b, p + 1, to);
  if (p < 0) return false;
  p = ipv4Word(b, p + 1, to, 3);
  if (p < 0) return false;
  p = ipv4Word(b, p + 1, to, 4);
  for (let i = 5; i <= 11 && p >= 0; i++) p = digitsWord(b, p + 1, to, i);
  if (p < 0) return false;
  // ACCEPT or REJECT, a space, then OK, NODATA or SKIPDATA at the line's end.
  const a = p + 1;
  if (a + 7 > to || b[a + 6] !== 32 || !(isWordAt(b, a, "ACCEPT") || isWordAt(b, a, "REJECT"))) return false;
  bounds[24] = a;
  bounds[25] = a + 6;
  const s = a + 7;
  const n = to - s;
  if (!((n === 2 && isWordAt(b, s, "OK")) || (n === 6 && isWordAt(b, s, "NODATA")) || (n === 8 && isWordAt(b, s, "SKIPDATA")))) return false;
  bounds[26] = s;
  bounds[27] = to;
  return true;
}

/** `usualRecord` as tests compare it (wasm/vpc-scan.ts): what it leaves, its words' bounds then the two addresses, or undefined. */
export function usualRecordWords(b: Uint8Array, from: number, to: number): number[] | undefined {
  return usualRecord(b, from, to) ? [...bounds.subarray(0, 28), addresses[SRCADDR], addresses[DSTADDR]] : undefined;
}

function isWordAt(b: Uint8Array, at: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (b[at + k] !== text.charCodeAt(k)) return false;
  return true;
}

/** Digits from `p` to the next space (word `i`, not the last): where the space is, or -1. */
function digitsWord(b: Uint8Array, p: number, to: number, i: number): number {
  const start = p;
  for (; p < to; p++) {
    const c = b[p];
    if (c === 32) break;
    if (c < 48 || c > 57) return -1;
  }
  if (p === start || p === to) return -1;
  bounds[2 * i] = start;
  bounds[2 * i + 1] = p;
  return p;
}

/** `eni-` and printable ASCII from `p` to the next space (word 2): where the space is, or -1. */
function interfaceWord(b: Uint8Array, p: number, to: number): number {
  const start = p;
  if (p + 4 > to || b[p] !== 101 || b[p + 1] !== 110 || b[p + 2] !== 105 || b[p + 3] !== 45) return -1;
  for (p += 4; p < to; p++) {
    const c = b[p];
    if (c === 32) break;
    if (c < 33 || c > 127) return -1;
  }
  if (p === to) return -1;
  bounds[4] = start;
  bounds[5] = p;
  return p;
}

/**
 * A dotted IPv4 address (as `isIpAt` reads one) from `p` to the next space (word `i`): where the
 * space is, or -1. Its 32-bit number goes to `addresses`.
 */
function ipv4Word(b: Uint8Array, p: number, to: number, i: number): number {
  const start = p;
  let dots = 0;
  let part = 0;
  let digits = 0;
  let address = 0;
  for (; p < to; p++) {
    const c = b[p];
    if (c === 32) break;
    if (c === 46) {
      if (digits === 0 || part > 255 || (digits > 1 && b[p - digits] === 48)) return -1;
      dots++;
      address = (address << 8) | part;
      part = digits = 0;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3) return -1;
    } else return -1;
  }
  if (p === to || dots !== 3 || digits === 0 || part > 255 || (digits > 1 && b[p - digits] === 48)) return -1;
  addresses[i] = (address << 8) | part;
  bounds[2 * i] = start;
  bounds[2 * i + 1] = p;
  return p;
}

/** Word boundaries of `b[from, to)` into `bounds`, at most `max` words; the count (`max` when there are more). */
function wordBounds(b: Uint8Array, from: number, to: number, max: number): number {
  let n = 0;
  let start = -1;
  for (let i = from; i <= to; i++) {
    const c = i < to ? b[i] : 32;
    // Above the space: a word's byte (the usual case, one comparison; UTF-8 never encodes a blank in them).
    if (c > 32) {
      if (start < 0) start = i;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (start >= 0) {
        bounds[2 * n] = start;
        bounds[2 * n + 1] = i;
        if (++n === max) return n;
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  return n;
}

function isDashOrDigitsAt(b: Uint8Array, i: number): boolean {
  const from = bounds[2 * i];
  const to = bounds[2 * i + 1];
  if (to - from === 1 && b[from] === 45) return true;
  for (let k = from; k < to; k++) {
    const c = b[k];
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function numberAt(b: Uint8Array, words: Int32Array, i: number): number | string | null {
  const from = words[2 * i];
  const to = words[2 * i + 1];
  if (b[from] === 45) return NO_VALUE;
  if (to - from > 15) return numberValue(latin1(b, from, to));
  let v = 0;
  for (let k = from; k < to; k++) v = v * 10 + (b[k] - 48);
  return v;
}

/** Word `i` is `text` (ASCII). */
function wordIs(b: Uint8Array, i: number, text: string): boolean {
  const from = bounds[2 * i];
  if (bounds[2 * i + 1] - from !== text.length) return false;
  for (let k = 0; k < text.length; k++) if (b[from + k] !== text.charCodeAt(k)) return false;
  return true;
}

function isAccountAt(b: Uint8Array, i: number): boolean {
  const length = bounds[2 * i + 1] - bounds[2 * i];
  return length === 12 ? isDashOrDigitsAt(b, i) : wordIs(b, i, "-") || wordIs(b, i, "unknown");
}

/**
 * `-`, or `eni-` and then ASCII: a byte beyond it is part of a UTF-8 character (or not valid
 * UTF-8), which the line's decoded text reads; such a line is left to it.
 */
function isInterfaceAt(b: Uint8Array, i: number): boolean {
  const from = bounds[2 * i];
  const to = bounds[2 * i + 1];
  if (to - from === 1 && b[from] === 45) return true;
  if (to - from < 4 || b[from] !== 101 || b[from + 1] !== 110 || b[from + 2] !== 105 || b[from + 3] !== 45) return false;
  for (let k = from + 4; k < to; k++) if (b[k] > 127) return false;
  return true;
}

/** Word `i` is `-`, a dotted IPv4 address, or an IPv6 address (as `isIpAt` of vpc-flow.ts). */
function isIpAt(b: Uint8Array, i: number): boolean {
  const from = bounds[2 * i];
  const to = bounds[2 * i + 1];
  if (to - from === 1 && b[from] === 45) return true;
  // Four decimal parts of 0-255, without leading zeros (the usual word, read once).
  let dots = 0;
  let part = 0;
  let digits = 0;
  for (let k = from; k <= to; k++) {
    const c = k < to ? b[k] : 46;
    if (c === 46) {
      if (digits === 0 || part > 255 || (digits > 1 && b[k - digits] === 48)) return isIpv6At(b, from, to);
      dots++;
      part = digits = 0;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3) return isIpv6At(b, from, to);
    } else return isIpv6At(b, from, to);
  }
  return dots === 4 || isIpv6At(b, from, to);
}

/** Hex digits, dots and at least two colons (a word that is no dotted IPv4 address). */
function isIpv6At(b: Uint8Array, from: number, to: number): boolean {
  let colons = 0;
  for (let k = from; k < to; k++) {
    const c = b[k];
    if (c === 58) colons++;
    else if (!((c >= 48 && c <= 57) || c === 46 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return colons >= 2;
}

function defaultLineValid(b: Uint8Array): boolean {
  if (!isIpAt(b, 3) || !isIpAt(b, 4)) return false;
  for (let i = 5; i <= 11; i++) if (!isDashOrDigitsAt(b, i)) return false;
  return (wordIs(b, 12, "ACCEPT") || wordIs(b, 12, "REJECT") || wordIs(b, 12, "-")) && (wordIs(b, 13, "OK") || wordIs(b, 13, "NODATA") || wordIs(b, 13, "SKIPDATA"));
}
