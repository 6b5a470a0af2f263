/**
 * The usual VPC flow record (the default format's 14 words, `vended/vpc-bytes.ts`'s
 * `usualRecord`) checked in WebAssembly: one call per line splits it at its single spaces,
 * checks each word's bytes (12 digits, `eni-`, dotted IPv4 addresses, digits, ACCEPT or REJECT,
 * OK, NODATA or SKIPDATA) and leaves the words' bounds and the two addresses as 32-bit numbers
 * in memory. Each word is checked 16 bytes at a time (SIMD), an address's parts read from where
 * its dots are, each word in code of its own. The same check in JavaScript was a fifth of a flow
 * record's time (a bounds-checked load and three comparisons a byte); here it is about 80 ns.
 * Anything else answers 0, and the JavaScript reading of the line's words decides, as it did.
 */
import {
  add, and, assembleModule, brIf, ctz, eq, geU, get, gtU, i32, I32, i8x16Bitmask, i8x16Eq, i8x16Splat, i8x16Sub, i8x16SubSatU, load16,
  load32, load8, loop, mul, ne, or, popcnt, ret, seq, set, shl, store32, sub, v128Load, V128, when, WasmApi, xor, type Code, type WasmMemory,
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
   * usual record; then `bounds` and `addresses` hold its words. The bytes copied into memory are
   * used again for later lines of the same Buffer object: a buffer rewritten in place must come
   * as a new object (a local file's reads each make a new view).
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
  const FROM = 0, TO = 1, SHIFT = 2, P = 3, START = 4, C = 5, DOTS = 6, PART = 7, DIGITS = 8, ADDRESS = 9, S = 10, N = 11;
  // Vectors: the 16 bytes at hand, then constants (each byte lane the same).
  const V = 12, SPACES = 13, ZEROS = 14, NINES = 15, BANGS = 16, PRINTABLE_SPAN = 17, NOTHING = 18, DOT_LANES = 19;
  const FAIL = ret(i32(0));
  const increment = (local: number): Code => set(local, add(get(local), i32(1)));
  /** Word `index`'s bounds from `start` to `end` (memory addresses), stored as buffer positions. */
  const storeBounds = (index: Code, start: Code, end: Code): Code =>
    seq(store32(shl(index, i32(3)), add(start, get(SHIFT)), BOUNDS_AT), store32(shl(index, i32(3)), add(end, get(SHIFT)), BOUNDS_AT + 4));
  /** Lanes of bytes other than digits. */
  const nonDigits = (v: Code): Code => i8x16Eq(i8x16Eq(i8x16SubSatU(i8x16Sub(v, get(ZEROS)), get(NINES)), get(NOTHING)), get(NOTHING));
  /**
   * The address part `[S, C)` (its bytes known to be digits): 1 to 3 of them, no leading zero,
   * 0-255; shifted into ADDRESS. DIGITS is its length.
   */
  const addressPart = seq(
    set(DIGITS, sub(get(C), get(S))),
    when(gtU(sub(get(DIGITS), i32(1)), i32(2)), FAIL),
    set(PART, sub(load8(get(S)), i32(ZERO))),
    when(gtU(get(DIGITS), i32(1)), when(eq(get(PART), i32(0)), FAIL), set(PART, add(mul(get(PART), i32(10)), sub(load8(get(S), 1), i32(ZERO))))),
    when(eq(get(DIGITS), i32(3)), set(PART, add(mul(get(PART), i32(10)), sub(load8(get(S), 2), i32(ZERO))))),
    when(gtU(get(PART), i32(255)), FAIL),
    set(ADDRESS, or(shl(get(ADDRESS), i32(8)), get(PART))),
  );
  /**
   * A dotted IPv4 address, from the 16 bytes at P at once: the space that ends it (at most 15
   * bytes), its dots (three) and that every other byte is a digit, as bit masks; then its four
   * parts from the dots' places, with no branch per byte.
   */
  const addressWord = (i: number): Code => seq(
    set(V, v128Load(get(P))),
    set(N, ctz(or(i8x16Bitmask(i8x16Eq(get(V), get(SPACES))), i32(1 << 16)))),
    when(eq(get(N), i32(16)), FAIL),
    // DOTS: a bit per dot of the word; every byte of it a dot or a digit; three dots.
    set(DOTS, and(i8x16Bitmask(i8x16Eq(get(V), get(DOT_LANES))), sub(shl(i32(1), get(N)), i32(1)))),
    when(and(and(i8x16Bitmask(nonDigits(get(V))), xor(get(DOTS), i32(-1))), sub(shl(i32(1), get(N)), i32(1))), FAIL),
    when(ne(popcnt(get(DOTS)), i32(3)), FAIL),
    set(ADDRESS, i32(0)),
    set(S, get(P)),
    ...[0, 1, 2].map(() => seq(set(C, add(get(P), ctz(get(DOTS)))), addressPart, set(S, add(get(C), i32(1))), set(DOTS, and(get(DOTS), sub(get(DOTS), i32(1)))))),
    set(C, add(get(P), get(N))),
    addressPart,
    set(P, get(C)),
    store32(i32(0), get(ADDRESS), ADDRESSES_AT + 4 * (i - 3)),
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
  const interfaceWord = seq(
    when(ne(load32(get(P)), i32(ENI)), FAIL),
    set(P, add(get(P), i32(4))),
    // Printable ASCII: 33 to 127.
    simdWord((v) => i8x16Eq(i8x16Eq(i8x16SubSatU(i8x16Sub(v, get(BANGS)), get(PRINTABLE_SPAN)), get(NOTHING)), get(NOTHING))),
  );
  /** Word `i` of the usual record, from P to the space after it (P then there). */
  const word = (i: number): Code =>
    i === 2 ? interfaceWord : i === 3 || i === 4 ? addressWord(i) : i === 1 ? seq(simdWord(nonDigits), when(ne(sub(get(P), get(START)), i32(12)), FAIL)) : simdWord(nonDigits);

  const body = seq(
    set(SPACES, i8x16Splat(SPACE)),
    set(ZEROS, i8x16Splat(ZERO)),
    set(NINES, i8x16Splat(9)),
    set(BANGS, i8x16Splat(33)),
    set(PRINTABLE_SPAN, i8x16Splat(94)),
    set(NOTHING, i8x16Splat(0)),
    set(DOT_LANES, i8x16Splat(DOT)),
    storeBounds(i32(0), get(FROM), add(get(FROM), i32(1))),
    set(P, add(get(FROM), i32(2))),
    // Words 1 to 11, each in code of its own: the account, the interface, two addresses, then
    // digits; each ends at a space.
    ...Array.from({ length: 11 }, (_, k) =>
      seq(
        set(START, get(P)),
        word(k + 1),
        when(or(geU(get(P), get(TO)), eq(get(P), get(START))), FAIL),
        storeBounds(i32(k + 1), get(START), get(P)),
        increment(P),
      ),
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
    { name: "check", params: [I32, I32, I32], result: I32, locals: [I32, I32, I32, I32, I32, I32, I32, I32, I32, V128, V128, V128, V128, V128, V128, V128, V128], body },
  ]);
}
