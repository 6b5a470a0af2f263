import type { Value } from "./values.js";
import { MAX_DISCOVERED_FIELDS, MAX_JSON_DEPTH, type DiscoveredFields } from "./discover.js";
import { SYSTEM_FIELDS } from "./record.js";
import { FlatScanner, Kind, SLOT_INTS } from "./wasm/flat-scan.js";
import { numberValue } from "./exact-number.js";

/**
 * Whether `name` can be picked out by `FieldExtractor`: a printable ASCII name. A dotted name
 * (`message.timestamp`) is read as a top-level key of that name, on a line where none of the
 * keys it could flatten from (`message`) holds an object or array; on another line full
 * discovery decides. `@` names (renamed keys), `__proto__`, empty segments (`a..b`) and
 * non-ASCII names are left to full discovery.
 */
export function extractable(name: string): boolean {
  return (
    name.length > 0 &&
    /^[\x20-\x7e]+$/.test(name) &&
    name.charCodeAt(0) !== 64 /* @ */ &&
    !name.split(".").some((segment) => segment === "" || segment === "__proto__")
  );
}

/**
 * The keys a dotted name could flatten from (`a.b.c`: `a` and `a.b`), which are not wanted
 * names themselves: a line where one of them holds an object or array goes to full discovery.
 */
function prefixesOf(wanted: readonly string[]): { keys: string[]; all: Set<string> } {
  const all = new Set<string>();
  for (const name of wanted) for (let dot = name.indexOf("."); dot > 0; dot = name.indexOf(".", dot + 1)) all.add(name.slice(0, dot));
  return { keys: [...all].filter((p) => !wanted.includes(p)), all };
}

/**
 * The non-system fields a plan reads, when a source may extract just these (`ReadOptions.fields`);
 * undefined when one of them is not `extractable`.
 */
export function extractableFields(names: readonly string[]): string[] | undefined {
  const wanted = [...new Set(names)].filter((n) => !SYSTEM_FIELDS.has(n));
  return wanted.every(extractable) ? wanted : undefined;
}

interface Slicing {
  latin1Slice(start: number, end: number): string;
  utf8Slice(start: number, end: number): string;
}

/**
 * Discovery restricted to the fields a plan reads, on the raw bytes of a JSON line: the
 * top-level keys `names` (each `extractable`) are picked out by one pass that validates the
 * whole object but materialises only their values, instead of `JSON.parse` building every
 * field of every event (measured 1.5-2.5x faster than `JSON.parse` on TaskOverflow lines; the
 * same scan over the decoded string's characters was no faster than `JSON.parse`).
 *
 * The result must equal full discovery of the decoded line (`discoverFields`) for every name,
 * so anything unusual returns undefined, leaving the event to full discovery: text that is not
 * exactly one JSON object (discovery then looks for a `{...}` fragment), invalid JSON anywhere
 * in it, or more scalar values than the field cap (discovery keeps the first 200 in its own
 * order). Repeated keys keep their last value, as `JSON.parse` does; a key whose (last) value is
 * an object or array is no field (it flattens to dotted names); JSON null is a missing value.
 */
export class FieldExtractor {
  /** The wanted names, then the keys they could flatten from (`prefixesOf`): the keys a line is scanned for. */
  private readonly scanned: readonly string[];
  /** By scanned key: 1 when a dotted wanted name could flatten from it. */
  private readonly prefix: Uint8Array;
  /** Set when such a key holds an object or array on the line: full discovery decides. */
  private nestedPrefix = false;
  private readonly keys: Uint8Array[];
  /** Each scanned key as it is written when unescaped, quotes included. */
  private readonly quotedKeys: Buffer[];
  /** The result for a line that holds none of the wanted keys: every field missing. */
  private readonly none: DiscoveredFields;
  /** Makes a result object of the wanted names and their values (in `wanted` order). */
  private readonly build: (values: Array<Value | undefined>) => DiscoveredFields;
  /** The buffer the positions below are in; the next `"key"` of each wanted key, the next `\`. */
  private searched: Buffer = EMPTY;
  private searchedFrom = 0;
  /** Whether the search pays in this buffer, and the lines and skips of its trial. */
  private searching = true;
  private trialLeft = 0;
  private trialSkips = 0;
  /** Buffers to read without a trial, after trials that failed (doubling, up to 16). */
  private untried = 0;
  private failedTrials = 0;
  private readonly nextKey: number[];
  private nextBackslash = -1;
  /**
   * The usual line's scan in WebAssembly (its keys: the wanted names, then their prefixes, which
   * a flat line never holds as objects); undefined without WebAssembly SIMD. Made on the first
   * line to scan (null until then): a read of flow logs alone never makes one (made anyway, its
   * module and memory made the VPC query 7% slower, though it never ran; why was not found).
   */
  private scanner: FlatScanner | undefined | null = null;
  private readonly values: Array<Value | undefined>;
  private b: Buffer = EMPTY;
  private end = 0;
  private ascii = false;
  /** Scalar values seen (nulls excluded, as full discovery's cap counts them). */
  private leaves = 0;
  /** Set by `string()` when the string just scanned holds an escape. */
  private escaped = false;
  /** Objects and arrays open around the value being scanned (the line's object is 1). */
  private depth = 0;

  constructor(private readonly wanted: readonly string[]) {
    if (!wanted.every(extractable)) throw new Error(`not extractable: ${wanted.join(", ")}`);
    const prefixes = prefixesOf(wanted);
    const scanned = (this.scanned = [...wanted, ...prefixes.keys]);
    this.prefix = Uint8Array.from(scanned, (k) => (prefixes.all.has(k) ? 1 : 0));
    this.keys = scanned.map((w) => Buffer.from(w, "latin1"));
    this.quotedKeys = scanned.map((w) => Buffer.from(`"${w}"`, "latin1"));
    // Packed (not `new Array(n)`, which is holey): cleared per line by a loop that is inlined,
    // where `fill` on it was a call into the runtime per line (4% of a 1 GB stats's instructions).
    // The wanted names' values come first, as `build` reads them.
    this.values = scanned.map(() => undefined);
    this.nextKey = scanned.map(() => -1);
    ({ none: this.none, build: this.build } = resultMakers(wanted));
  }

  /**
   * The wanted fields of the line `buf[start, end)`, decoded as UTF-8 (latin1 when `ascii`, the
   * same text for ASCII bytes), or undefined when full discovery must decide. What it learnt of a
   * buffer (where keys are, the bytes copied to WebAssembly) is kept for the same Buffer object:
   * new bytes must come in a new object (a local file's reads each make a new view).
   */
  extract(buf: Buffer, start: number, end: number, ascii: boolean): DiscoveredFields | undefined {
    if (this.holdsNoKey(buf, start, end)) return this.none;
    return this.scanLine(buf, start, end, ascii) ? this.build(this.values) : undefined;
  }

  /**
   * `extract`'s values without the object: each wanted name's value by its position in `wanted`,
   * undefined where the line has none; undefined when full discovery must decide. The array is
   * this extractor's own, overwritten by the next line.
   */
  extractValues(buf: Buffer, start: number, end: number, ascii: boolean): ReadonlyArray<Value | undefined> | undefined {
    if (this.holdsNoKey(buf, start, end)) {
      clear(this.values);
      return this.values;
    }
    return this.scanLine(buf, start, end, ascii) ? this.values : undefined;
  }

  /** Scans the line into `values`: whether it answers for every wanted name (else full discovery decides). */
  private scanLine(buf: Buffer, start: number, end: number, ascii: boolean): boolean {
    const values = this.values;
    clear(values);
    this.b = buf;
    this.end = end;
    this.ascii = ascii;
    this.leaves = 0;
    this.depth = 1;
    this.nestedPrefix = false;
    let ok = this.flat(start);
    if (!ok) {
      clear(values);
      this.leaves = 0;
      ok = this.object(start);
    }
    this.b = EMPTY;
    return ok && this.leaves <= MAX_DISCOVERED_FIELDS && !this.nestedPrefix;
  }

  /**
   * Whether the line `buf[start, end)` cannot hold a wanted key, found by native searches of
   * the whole buffer that later lines reuse: a key is written as `"key"`, or with an escape,
   * which needs a backslash. Discovery, whatever the line holds, then finds none of them, so
   * the line need not be scanned. Positions are kept while lines come in increasing order
   * within one buffer.
   */
  private holdsNoKey(buf: Buffer, start: number, end: number): boolean {
    if (buf !== this.searched || start < this.searchedFrom) {
      this.searched = buf;
      this.nextKey.fill(-1);
      this.nextBackslash = -1;
      this.searching = this.untried === 0;
      if (this.searching) this.trialLeft = TRIAL_LINES;
      else this.untried--;
      this.trialSkips = 0;
    }
    this.searchedFrom = start;
    if (!this.searching) return false;
    const none = this.searchKeys(buf, start, end);
    if (this.trialLeft > 0) {
      if (none) this.trialSkips++;
      if (--this.trialLeft === 0) {
        this.searching = this.trialSkips >= TRIAL_LINES * (1 - HOLDING_ALLOWED / this.nextKey.length);
        this.failedTrials = this.searching ? 0 : this.failedTrials + 1;
        this.untried = this.searching ? 0 : Math.min(16, 2 ** this.failedTrials - 1);
      }
    }
    return none;
  }

  private searchKeys(buf: Buffer, start: number, end: number): boolean {
    const next = this.nextKey;
    if (this.nextBackslash < start) this.nextBackslash = found(buf.indexOf(BACKSLASH, start));
    if (this.nextBackslash < end) return false;
    for (let k = 0; k < next.length; k++) {
      if (next[k] < start) next[k] = found(buf.indexOf(this.quotedKeys[k], start));
      if (next[k] < end) return false;
    }
    return true;
  }

  /** The usual line, by the WebAssembly scan (wasm/flat-scan.ts); false when the general scan must decide. */
  private flat(start: number): boolean {
    const scanner = this.scanner === null ? (this.scanner = FlatScanner.create(this.keys)) : this.scanner;
    if (scanner === undefined) return false;
    const b = this.b;
    const end = this.end;
    if (!scanner.covers(b, start, end)) scanner.load(b, start, end);
    const leaves = scanner.scan(start, end);
    if (leaves < 0) return false;
    const slots = scanner.slots;
    const shift = scanner.shift;
    const values = this.values;
    for (let k = 0; k < values.length; k++) {
      const at = SLOT_INTS * k;
      const kind = slots[at];
      if (kind === Kind.missing) continue;
      const from = slots[at + 1] + shift;
      const to = slots[at + 2] + shift;
      values[k] =
        kind === Kind.string
          ? this.text(scanner, k, slots[at + 3], from, to)
          : kind === Kind.number
            ? numberAt(b, from, to)
            : kind === Kind.true
              ? true
              : kind === Kind.false
                ? false
                : null;
    }
    this.leaves += leaves;
    return true;
  }

  /** Scans the line as one top-level object with nothing but JSON whitespace around it. */
  private object(start: number): boolean {
    const b = this.b;
    const end = this.end;
    let i = this.ws(start);
    if (b[i] !== OPEN_BRACE) return false;
    i = this.ws(i + 1);
    if (b[i] === CLOSE_BRACE) return this.ws(i + 1) === end;
    for (;;) {
      if (i >= end || b[i] !== QUOTE) return false;
      const keyStart = i + 1;
      const keyEnd = this.string(keyStart);
      if (keyEnd === FAIL) return false;
      const slot = this.escaped ? this.slotOfEscaped(keyStart, keyEnd) : this.slotOf(keyStart, keyEnd);
      if (slot === BAD_KEY) return false;
      i = this.ws(keyEnd + 1);
      if (b[i] !== COLON) return false;
      i = this.ws(i + 1);
      i = slot < 0 ? this.skipValue(i) : this.readValue(i, slot);
      if (i === FAIL) return false;
      i = this.ws(i);
      if (i >= end) return false;
      const c = b[i];
      if (c === COMMA) i = this.ws(i + 1);
      else if (c === CLOSE_BRACE) return this.ws(i + 1) === end;
      else return false;
    }
  }

  private slotOf(start: number, end: number): number {
    const n = end - start;
    const b = this.b;
    const keys = this.keys;
    for (let k = 0; k < keys.length; k++) {
      const key = keys[k];
      if (key.length !== n) continue;
      let j = 0;
      while (j < n && b[start + j] === key[j]) j++;
      if (j === n) return k;
    }
    return -1;
  }

  private slotOfEscaped(start: number, end: number): number {
    const key = this.decodeString(start, end);
    return key === undefined ? BAD_KEY : this.scanned.indexOf(key);
  }

  /** The value at `i` into `values[slot]`; the position after it, or FAIL. */
  private readValue(i: number, slot: number): number {
    const b = this.b;
    const c = b[i];
    if (i >= this.end) return FAIL;
    if (c === QUOTE) {
      const end = this.string(i + 1);
      if (end === FAIL) return FAIL;
      const text = this.escaped ? this.decodeString(i + 1, end) : this.slice(i + 1, end);
      if (text === undefined) return FAIL;
      this.values[slot] = text;
      this.leaves++;
      return end + 1;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      // Flattens to dotted names: no field of this name (a later repeat may still set one).
      this.values[slot] = undefined;
      if (this.prefix[slot] === 1) this.nestedPrefix = true;
      return this.skipValue(i);
    }
    if (c === T || c === F || c === N) {
      const end = this.literal(i);
      if (end === FAIL) return FAIL;
      this.values[slot] = c === N ? null : c === T;
      return end;
    }
    const end = this.number(i);
    if (end === FAIL) return FAIL;
    this.values[slot] = numberAt(this.b, i, end);
    this.leaves++;
    return end;
  }

  /** Validates the value at `i` without building it; the position after it, or FAIL. */
  private skipValue(i: number): number {
    if (i >= this.end) return FAIL;
    const c = this.b[i];
    if (c === QUOTE) {
      const end = this.string(i + 1);
      if (end === FAIL) return FAIL;
      this.leaves++;
      return end + 1;
    }
    if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      // Nested deeper than discovery reads: discovery decides (it finds no field, and counts it).
      if (this.depth >= MAX_JSON_DEPTH) return FAIL;
      this.depth++;
      const end = c === OPEN_BRACE ? this.skipObject(i) : this.skipArray(i);
      this.depth--;
      return end;
    }
    if (c === T || c === F || c === N) return this.literal(i);
    const end = this.number(i);
    if (end !== FAIL) this.leaves++;
    return end;
  }

  private skipObject(at: number): number {
    const b = this.b;
    let i = this.ws(at + 1);
    if (b[i] === CLOSE_BRACE) return i + 1;
    for (;;) {
      if (i >= this.end || b[i] !== QUOTE) return FAIL;
      const keyEnd = this.string(i + 1);
      if (keyEnd === FAIL) return FAIL;
      i = this.ws(keyEnd + 1);
      if (b[i] !== COLON) return FAIL;
      i = this.skipValue(this.ws(i + 1));
      if (i === FAIL) return FAIL;
      i = this.ws(i);
      if (i >= this.end) return FAIL;
      const c = b[i];
      if (c === COMMA) i = this.ws(i + 1);
      else if (c === CLOSE_BRACE) return i + 1;
      else return FAIL;
    }
  }

  private skipArray(at: number): number {
    const b = this.b;
    let i = this.ws(at + 1);
    if (b[i] === CLOSE_BRACKET) return i + 1;
    for (;;) {
      i = this.skipValue(i);
      if (i === FAIL) return FAIL;
      i = this.ws(i);
      if (i >= this.end) return FAIL;
      const c = b[i];
      if (c === COMMA) i = this.ws(i + 1);
      else if (c === CLOSE_BRACKET) return i + 1;
      else return FAIL;
    }
  }

  /** `true`, `false` or `null` at `i` (counted as a scalar unless null); the position after it. */
  private literal(i: number): number {
    const b = this.b;
    const c = b[i];
    const word = c === T ? TRUE : c === F ? FALSE : NULL;
    if (i + word.length > this.end) return FAIL;
    for (let j = 1; j < word.length; j++) if (b[i + j] !== word[j]) return FAIL;
    if (c !== N) this.leaves++;
    return i + word.length;
  }

  /**
   * The closing quote of the string whose content starts at `i`, or FAIL on a raw control
   * character, a bad escape or no end. Sets `escaped`.
   */
  private string(i: number): number {
    const b = this.b;
    const end = this.end;
    let escaped = false;
    for (; i < end; i++) {
      const c = b[i];
      if (STRING_PLAIN[c] === 1) continue;
      if (c === QUOTE) {
        this.escaped = escaped;
        return i;
      }
      if (c < 32) return FAIL;
      if (c === BACKSLASH) {
        escaped = true;
        const e = b[++i];
        if (e === U) {
          if (i + 4 >= end || !isHex(b[i + 1]) || !isHex(b[i + 2]) || !isHex(b[i + 3]) || !isHex(b[i + 4])) return FAIL;
          i += 4;
        } else if (!(e === QUOTE || e === BACKSLASH || e === 47 || e === 98 || e === 102 || e === 110 || e === 114 || e === 116) || i >= end) {
          return FAIL;
        }
      }
    }
    return FAIL;
  }

  /** The end of the JSON number at `i` (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`), or FAIL. */
  private number(i: number): number {
    const b = this.b;
    const end = this.end;
    if (i < end && b[i] === 45 /* - */) i++;
    if (i >= end) return FAIL;
    const first = b[i];
    if (first === 48 /* 0 */) i++;
    else if (first >= 49 && first <= 57) while (++i < end && isDigit(b[i]));
    else return FAIL;
    if (i < end && b[i] === 46 /* . */) {
      if (++i >= end || !isDigit(b[i])) return FAIL;
      while (++i < end && isDigit(b[i]));
    }
    if (i < end && (b[i] === 101 || b[i] === 69)) {
      if (++i < end && (b[i] === 43 || b[i] === 45)) i++;
      if (i >= end || !isDigit(b[i])) return FAIL;
      while (++i < end && isDigit(b[i]));
    }
    return i;
  }

  /** Skips JSON whitespace (space, tab, LF, CR). */
  private ws(i: number): number {
    const b = this.b;
    const end = this.end;
    while (i < end) {
      const c = b[i];
      if (c !== 32 && c !== 9 && c !== 10 && c !== 13) return i;
      i++;
    }
    return i;
  }

  /** Wanted key `k`'s string value `[from, to)`: the string made before for the same bytes (`entry`), or a new one, learnt. */
  private text(scanner: FlatScanner, k: number, entry: number, from: number, to: number): string {
    const interned = scanner.interned;
    if (entry >= 0) {
      interned.hits[k]++;
      return interned.strings[entry];
    }
    const text = this.slice(from, to);
    interned.learn(k, from - scanner.shift, to - scanner.shift, text);
    return text;
  }

  private slice(start: number, end: number): string {
    const b = this.b as unknown as Slicing;
    return this.ascii ? b.latin1Slice(start, end) : b.utf8Slice(start, end);
  }

  /** The JSON string whose content is `[start, end)`, escapes decoded as `JSON.parse` does. */
  private decodeString(start: number, end: number): string | undefined {
    try {
      return JSON.parse(this.slice(start - 1, end + 1)) as string;
    } catch {
      return undefined;
    }
  }
}

const EMPTY = Buffer.alloc(0);
const QUOTE = 34;
const BACKSLASH = 92;
const COMMA = 44;
const COLON = 58;
const OPEN_BRACE = 123;
const CLOSE_BRACE = 125;
const OPEN_BRACKET = 91;
const CLOSE_BRACKET = 93;
const T = 116;
const F = 102;
const N = 110;
const U = 117;
const TRUE = Buffer.from("true");
const FALSE = Buffer.from("false");
const NULL = Buffer.from("null");

/** Bytes a JSON string holds as they are: all but control characters, `"` and `\`. */
const STRING_PLAIN = new Uint8Array(256).fill(1, 32);
STRING_PLAIN[QUOTE] = STRING_PLAIN[BACKSLASH] = 0;

/**
 * The first lines of each buffer try the key search; it goes on for the rest of the buffer
 * when nearly all of them were skipped: at most this share of lines may hold the key (less with
 * more keys, each searched apart). Against the WebAssembly scan, on TaskOverflow logs with one
 * key (1 GB, one thread), the search made a key found in 0.06% of lines 15% faster, one in 6%
 * no faster, and ones in 24% and 41% 10-20% slower.
 */
const TRIAL_LINES = 256;
const HOLDING_ALLOWED = 0.03;

/** A scan that cannot be completed here: full discovery decides. */
const FAIL = -1;
/** A key whose escapes do not decode. */
const BAD_KEY = -2;

/**
 * The valid JSON number `b[start, end)` as discovery reads it (`numberValue`). With at most 15
 * digits and no exponent, its digits are an exact integer and dividing that by an exact power of
 * ten rounds correctly (Clinger's fast path), without making a string; other numbers are parsed
 * as text, and one a double cannot hold as written stays that text.
 */
function numberAt(b: Buffer, start: number, end: number): number | string {
  let i = start;
  const negative = b[i] === 45; /* - */
  if (negative) i++;
  let digits = 0;
  let mantissa = 0;
  let scale = 1;
  let fraction = false;
  for (; i < end; i++) {
    const c = b[i];
    if (c === 46 /* . */) fraction = true;
    else if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (fraction) scale *= 10;
    } else break;
  }
  if (i < end || digits > 15) return numberValue((b as unknown as Slicing).latin1Slice(start, end));
  const value = mantissa / scale;
  return negative ? -value : value;
}

/** An `indexOf` result as a position to compare with: none is past every line. */
function found(at: number): number {
  return at < 0 ? Infinity : at;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
}

function isHex(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102);
}

interface ResultMakers {
  none: DiscoveredFields;
  build: (values: Array<Value | undefined>) => DiscoveredFields;
}

/**
 * The result makers of each list of wanted names, made once per thread: every part of a
 * parallel scan makes an extractor, and a `build` made afresh each time is new code that the
 * callers' optimised code had not seen (a deoptimisation and a recompilation of the whole scan
 * per part, measured as most of what a second thread added to a 1 GB stats).
 */
const resultMakersByNames = new Map<string, ResultMakers>();

function resultMakers(wanted: readonly string[]): ResultMakers {
  // Names are printable ASCII (`extractable`): a NUL cannot be in one.
  const key = wanted.join("\0");
  let makers = resultMakersByNames.get(key);
  if (makers === undefined) {
    const none: DiscoveredFields = {};
    for (const name of wanted) none[name] = undefined as unknown as Value;
    // An object literal per line, where assigning each name in a loop is a keyed store per field
    // (measured 12 vs 65 ns a line). The names are printable ASCII, quoted by JSON.stringify.
    const build = new Function("v", `return {${wanted.map((w, k) => `${JSON.stringify(w)}: v[${k}]`).join(", ")}};`) as ResultMakers["build"];
    resultMakersByNames.set(key, (makers = { none: Object.freeze(none), build }));
  }
  return makers;
}

function clear(values: Array<Value | undefined>): void {
  for (let k = 0; k < values.length; k++) values[k] = undefined;
}
