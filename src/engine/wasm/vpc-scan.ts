/**
 * The usual VPC flow record (the default format's 14 words, `vended/vpc-bytes.ts`'s
 * `usualRecord`) checked in WebAssembly: one call per line splits it at its single spaces,
 * checks each word's bytes (12 digits, `eni-`, dotted IPv4 addresses, digits, ACCEPT or REJECT,
 * OK, NODATA or SKIPDATA) and leaves the words' bounds and the two addresses as 32-bit numbers
 * in memory. The same check in JavaScript was a fifth of a flow record's time (a bounds-checked
 * load and three comparisons a byte). Anything else answers 0, and the JavaScript reading of the
 * line's words decides, as it did.
 */
import {
  add, and, assembleModule, block, br, brIf, ctz, eq, geU, get, gtU, i32, I32, i8x16Bitmask, i8x16Eq, i8x16Splat, i8x16Sub, i8x16SubSatU, ifElse, load16,
  load32, load8, loop, ltU, mul, ne, or, ret, seq, set, shl, store32, sub, v128Load, V128, when, WasmApi, type Code, type WasmMemory,
} from "./assemble.js";

type CheckFunction = (from: number, to: number, shift: number) => number;

/**
 * The module's bytes, assembled when the CLI is bundled (scripts/bundle.mjs defines it); from the
 * sources they are assembled on first use.
 */
declare const __TOLOG_VPC_WASM__: string | undefined;

/** Memory: the words' bounds (two ints a word), the two addresses, then the input. */
const BOUNDS_AT = 0;
const WORDS = 14;
const ADDRESSES_AT = 4 * 2 * WORDS;
const INPUT_AT = 1024;
/** Bytes copied in at once beyond the line that asked (later lines of the buffer reuse them). */
const CHUNK_BYTES = 64 * 1024;
/** Zeros after the input: a check reads at most 16 bytes from a position before a line's end. */
const PAD_BYTES = 32;
const PAGE_BYTES = 64 * 1024;

let compiled: object | undefined;

export class VpcScanner {
  /** After a `check` that answered 1: each word's start and end (end exclusive), as positions in the buffer. */
  bounds: Int32Array;
  /** After a `check` that answered 1: the source and destination addresses as 32-bit numbers. */
  addresses: Int32Array;
  private buffer: Uint8Array | undefined;
  private from = 0;
  private to = 0;
  private shift = 0;

  private constructor(
    private readonly memory: WasmMemory,
    private readonly checkLine: CheckFunction,
  ) {
    this.bounds = new Int32Array(memory.buffer, BOUNDS_AT, 2 * WORDS);
    this.addresses = new Int32Array(memory.buffer, ADDRESSES_AT, 2);
  }

  /** A scanner, or undefined where WebAssembly is missing. */
  static create(): VpcScanner | undefined {
    try {
      compiled ??= new WasmApi.Module(typeof __TOLOG_VPC_WASM__ === "string" ? Buffer.from(__TOLOG_VPC_WASM__, "base64") : vpcModule());
      const { memory, check } = new WasmApi.Instance(compiled).exports as { memory: WasmMemory; check: CheckFunction };
      return new VpcScanner(memory, check);
    } catch {
      return undefined;
    }
  }

  /**
   * Whether the line `buf[from, to)` (its first two bytes `2 ` already checked; no line end) is a
   * usual record; then `bounds` and `addresses` hold its words.
   */
  check(buf: Uint8Array, from: number, to: number): boolean {
    if (buf !== this.buffer || from < this.from || to > this.to) this.load(buf, from, to);
    return this.checkLine(from - this.shift, to - this.shift, this.shift) === 1;
  }

  /** Copies `buf` from `from` to at least `to` (more when the buffer has more) into memory, zeros after. */
  private load(buf: Uint8Array, from: number, to: number): void {
    const end = Math.min(buf.length, Math.max(to, from + CHUNK_BYTES));
    const need = INPUT_AT + (end - from) + PAD_BYTES;
    const have = this.memory.buffer.byteLength;
    if (have < need) {
      this.memory.grow(Math.ceil((need - have) / PAGE_BYTES));
      this.bounds = new Int32Array(this.memory.buffer, BOUNDS_AT, 2 * WORDS);
      this.addresses = new Int32Array(this.memory.buffer, ADDRESSES_AT, 2);
    }
    const input = new Uint8Array(this.memory.buffer, INPUT_AT, end - from + PAD_BYTES);
    input.set(buf.subarray(from, end));
    input.fill(0, end - from);
    this.buffer = buf;
    this.from = from;
    this.to = end;
    this.shift = from - INPUT_AT;
  }
}

const SPACE = 0x20;
const DOT = 0x2e;
const ZERO = 0x30;
/** Words as little-endian integers: `eni-`, `ACCE`+`PT`, `REJE`+`CT`, `OK`, `NODA`+`TA`, `SKIP`+`DATA`. */
const ENI = 0x2d696e65;
const ACCE = 0x45434341;
const PT = 0x5450;
const REJE = 0x454a4552;
const CT = 0x5443;
const OK = 0x4b4f;
const NODA = 0x41444f4e;
const TA = 0x4154;
const SKIP = 0x50494b53;
const DATA = 0x41544144;

/** The module's bytes (`check(from, to, shift)`: 1 for a usual record, else 0). */
export function vpcModule(): Uint8Array {
  const FROM = 0, TO = 1, SHIFT = 2, P = 3, I = 4, START = 5, C = 6, DOTS = 7, PART = 8, DIGITS = 9, ADDRESS = 10, S = 11, N = 12;
  // Vectors: the 16 bytes at hand, then constants (each byte lane the same).
  const V = 13, SPACES = 14, ZEROS = 15, NINES = 16, BANGS = 17, PRINTABLE_SPAN = 18, NOTHING = 19;
  const FAIL = ret(i32(0));
  const increment = (local: number): Code => set(local, add(get(local), i32(1)));
  const notDigit = (c: Code): Code => gtU(sub(c, i32(ZERO)), i32(9));
  /** Word `index`'s bounds from `start` to `end` (memory addresses), stored as buffer positions. */
  const storeBounds = (index: Code, start: Code, end: Code): Code =>
    seq(store32(shl(index, i32(3)), add(start, get(SHIFT)), BOUNDS_AT), store32(shl(index, i32(3)), add(end, get(SHIFT)), BOUNDS_AT + 4));
  /** P forward to the space ending the word, which `body` checks byte by byte (C). */
  const toSpace = (body: Code): Code =>
    block("space", loop("byte", brIf("space", geU(get(P), get(TO))), set(C, load8(get(P))), brIf("space", eq(get(C), i32(SPACE))), body, increment(P), br("byte")));
  /** An address part ending at P with DIGITS digits is 0-255 without a leading zero. */
  const badPart = or(or(eq(get(DIGITS), i32(0)), gtU(get(PART), i32(255))), and(gtU(get(DIGITS), i32(1)), eq(load8(sub(get(P), get(DIGITS))), i32(ZERO))));

  const addressWord = seq(
    set(DOTS, i32(0)),
    set(PART, i32(0)),
    set(DIGITS, i32(0)),
    set(ADDRESS, i32(0)),
    toSpace(
      ifElse(
        eq(get(C), i32(DOT)),
        seq(when(badPart, FAIL), increment(DOTS), set(ADDRESS, or(shl(get(ADDRESS), i32(8)), get(PART))), set(PART, i32(0)), set(DIGITS, i32(0))),
        seq(when(notDigit(get(C)), FAIL), set(PART, add(mul(get(PART), i32(10)), sub(get(C), i32(ZERO)))), increment(DIGITS), when(gtU(get(DIGITS), i32(3)), FAIL)),
      ),
    ),
    when(or(ne(get(DOTS), i32(3)), badPart), FAIL),
    store32(shl(sub(get(I), i32(3)), i32(2)), or(shl(get(ADDRESS), i32(8)), get(PART)), ADDRESSES_AT),
  );
  /**
   * P forward to the space ending a word whose bytes `outside(v)` sorts out (a lane set for a
   * byte the word may not hold), 16 bytes at a time: one comparison for the space and one for the
   * bytes before it. A search that runs past the line's end fails there (a line end, or the zeros
   * after the input, is outside every word), as the byte-by-byte check does.
   */
  const simdWord = (outside: (v: Code) => Code): Code =>
    loop(
      "block",
      set(V, v128Load(get(P))),
      set(N, ctz(or(i8x16Bitmask(i8x16Eq(get(V), get(SPACES))), i32(1 << 16)))),
      when(and(i8x16Bitmask(outside(get(V))), sub(shl(i32(1), get(N)), i32(1))), FAIL),
      set(P, add(get(P), get(N))),
      brIf("block", eq(get(N), i32(16))),
    );
  /** Lanes of bytes other than digits. */
  const nonDigits = (v: Code): Code => i8x16Eq(i8x16Eq(i8x16SubSatU(i8x16Sub(v, get(ZEROS)), get(NINES)), get(NOTHING)), get(NOTHING));
  const interfaceWord = seq(
    when(ne(load32(get(P)), i32(ENI)), FAIL),
    set(P, add(get(P), i32(4))),
    // Printable ASCII: 33 to 127.
    simdWord((v) => i8x16Eq(i8x16Eq(i8x16SubSatU(i8x16Sub(v, get(BANGS)), get(PRINTABLE_SPAN)), get(NOTHING)), get(NOTHING))),
  );
  const digitsWord = seq(simdWord(nonDigits), when(and(eq(get(I), i32(1)), ne(sub(get(P), get(START)), i32(12))), FAIL));

  const body = seq(
    set(SPACES, i8x16Splat(SPACE)),
    set(ZEROS, i8x16Splat(ZERO)),
    set(NINES, i8x16Splat(9)),
    set(BANGS, i8x16Splat(33)),
    set(PRINTABLE_SPAN, i8x16Splat(94)),
    set(NOTHING, i8x16Splat(0)),
    storeBounds(i32(0), get(FROM), add(get(FROM), i32(1))),
    set(P, add(get(FROM), i32(2))),
    set(I, i32(1)),
    // Words 1 to 11: the account, the interface, two addresses, then digits; each ends at a space.
    loop(
      "word",
      set(START, get(P)),
      ifElse(eq(get(I), i32(2)), interfaceWord, ifElse(ltU(sub(get(I), i32(3)), i32(2)), addressWord, digitsWord)),
      when(or(geU(get(P), get(TO)), eq(get(P), get(START))), FAIL),
      storeBounds(get(I), get(START), get(P)),
      increment(P),
      increment(I),
      brIf("word", ltU(get(I), i32(12))),
    ),
    // ACCEPT or REJECT, a space, then OK, NODATA or SKIPDATA at the line's end.
    when(gtU(add(get(P), i32(7)), get(TO)), FAIL),
    when(ne(load8(get(P), 6), i32(SPACE)), FAIL),
    set(C, load32(get(P))),
    set(N, load16(get(P), 4)),
    when(eq(or(and(eq(get(C), i32(ACCE)), eq(get(N), i32(PT))), and(eq(get(C), i32(REJE)), eq(get(N), i32(CT)))), i32(0)), FAIL),
    storeBounds(i32(12), get(P), add(get(P), i32(6))),
    set(S, add(get(P), i32(7))),
    set(N, sub(get(TO), get(S))),
    when(
      eq(
        or(
          or(and(eq(get(N), i32(2)), eq(load16(get(S)), i32(OK))), and(eq(get(N), i32(6)), and(eq(load32(get(S)), i32(NODA)), eq(load16(get(S), 4), i32(TA))))),
          and(eq(get(N), i32(8)), and(eq(load32(get(S)), i32(SKIP)), eq(load32(get(S), 4), i32(DATA)))),
        ),
        i32(0),
      ),
      FAIL,
    ),
    storeBounds(i32(13), get(S), get(TO)),
    i32(1),
  );
  return assembleModule(1 + Math.ceil((INPUT_AT + CHUNK_BYTES + PAD_BYTES) / PAGE_BYTES), [
    { name: "check", params: [I32, I32, I32], result: I32, locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128], body },
  ]);
}
