/**
 * The usual JSON log line, scanned in WebAssembly: a flat object of plain keys and scalar
 * values, with no escape and no whitespace. One call per line validates the whole line and
 * finds where the value of each wanted key is, so JavaScript only makes those values (the same
 * scan in JavaScript, over a SIMD index of the line, cost about twice as much). Quotes,
 * backslashes and control bytes are found with SIMD, 64 bytes at a time, as a bit mask (the
 * first stage of simdjson's design): a line of TaskOverflow logs is about 80% string content.
 *
 * A wanted key's string value is also looked up among those seen before, by its bytes, so that
 * a repeated one makes no new string (intern-table.ts).
 *
 * Anything else (whitespace, escapes, nested values, invalid JSON) returns NOT_FLAT and the
 * general JavaScript scan decides (engine/extract.ts). The module is assembled here from its
 * instructions (wasm/assemble.ts); where WebAssembly SIMD is missing `FlatScanner.create()`
 * returns undefined.
 */
import {
  add, and, assembleModule, block, br, brIf, eq, eqz, extendU, geU, get, i32, I32, i64, I64, i64Ctz, i64And, i64Eq, i64Eqz, i64Or,
  i64Shl, i64ShrU, i8x16Bitmask, i8x16Eq, i8x16Splat, i8x16SubSatU, ifElse, load32, load64, load8, loop, ltU, ne, or,
  ret, select, seq, set, shl, store32, sub, v128Load, v128Or, V128, when, wrap, type Code,
} from "./assemble.js";
import { ARENA_BYTES, InternTable, internLookup, TABLE_BYTES } from "./intern-table.js";

/** What is used here of the WebAssembly API, which only the DOM lib declares. */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type FlatFunction = (start: number, end: number) => number;
/**
 * The module's bytes, assembled when the CLI is bundled (scripts/bundle.mjs defines it): run
 * from the sources it is not defined and they are assembled on first use. Assembling them takes
 * 15-20 ms of interpreted JavaScript, in every thread that scans JSON.
 */
declare const __TOLOG_FLAT_WASM__: string | undefined;

/** The kind of each wanted key's value after a scan (`FlatScanner.slots`). */
export const Kind = { missing: 0, string: 1, number: 2, true: 3, false: 4, null: 5 } as const;
/** `scan()` of a line that is not flat: the general scan decides. */
export const NOT_FLAT = -1;

/** Keys a scanner can look for, and their bytes in all. */
export const MAX_KEYS = 32;
const MAX_KEY_BYTES = 1024;

/** Ints per key in `FlatScanner.slots`: kind, start, end, interned entry (intern-table.ts) or -1. */
export const SLOT_INTS = 4;

// Memory: the key count, the key table, the key bytes, the slots, the interned values' table,
// switches and bytes, the input.
const KEY_COUNT_AT = 0;
/** A bit per length of the wanted keys (bit 63: 63 bytes or more): most keys of a line are ruled out by it. */
const KEY_LENGTHS_AT = 8;
const KEYS_AT = 16;
/** Per key: its length, the address of its bytes, its first 8 bytes (zero-padded). */
const KEY_ENTRY_BYTES = 16;
const KEY_BYTES_AT = KEYS_AT + KEY_ENTRY_BYTES * MAX_KEYS;
const SLOTS_AT = KEY_BYTES_AT + MAX_KEY_BYTES;
const INTERN = { flagsAt: SLOTS_AT + 4 * SLOT_INTS * MAX_KEYS, tableAt: 0, arenaAt: 0 };
INTERN.tableAt = INTERN.flagsAt + 4 * MAX_KEYS;
INTERN.arenaAt = INTERN.tableAt + TABLE_BYTES;
const INPUT_AT = INTERN.arenaAt + ARENA_BYTES;
/** Bytes copied in at once beyond the line that asked (later lines of the buffer reuse them). */
const CHUNK_BYTES = 64 * 1024;
/** Quotes after the input: a search for a string's end stops there at the latest. */
const STOP_BYTES = 16;
/** Bytes a search may read past the stop bytes (the rest of a 64-byte window). */
const WINDOW_BYTES = 64;
const PAGE_BYTES = 64 * 1024;

let compiled: object | undefined;

export class FlatScanner {
  /** For each key (`SLOT_INTS` apart): its value's kind, start and end (end exclusive; add `shift` to positions), and its interned entry or -1. */
  slots: Int32Array;
  /** String values found before (`slots`' fourth int), and adding them. */
  readonly interned: InternTable;
  /** The buffer range in memory, and what to add to a memory address to get a buffer position. */
  private buffer: Uint8Array | undefined;
  private from = 0;
  private to = 0;
  shift = 0;

  private constructor(
    private readonly memory: WasmMemory,
    private readonly flat: FlatFunction,
    keyCount: number,
  ) {
    // The table is past the module's first page: zeroed, as the table's empty entries are.
    const need = INPUT_AT + PAGE_BYTES;
    if (memory.buffer.byteLength < need) memory.grow(Math.ceil((need - memory.buffer.byteLength) / PAGE_BYTES));
    this.slots = this.slotView();
    this.interned = new InternTable(memory, INTERN, keyCount);
  }

  /** A scanner of the given keys (each printable ASCII), or undefined without WebAssembly SIMD or past the limits. */
  static create(keys: readonly Uint8Array[]): FlatScanner | undefined {
    const keyBytes = keys.reduce((n, k) => n + k.length, 0);
    if (keys.length > MAX_KEYS || keyBytes > MAX_KEY_BYTES) return undefined;
    let scanner: FlatScanner;
    try {
      // One compiled module per thread: its code, tiered up once hot, serves every instance.
      compiled ??= new WebAssembly.Module(typeof __TOLOG_FLAT_WASM__ === "string" ? Buffer.from(__TOLOG_FLAT_WASM__, "base64") : flatModule());
      const { memory, flat } = new WebAssembly.Instance(compiled).exports as { memory: WasmMemory; flat: FlatFunction };
      scanner = new FlatScanner(memory, flat, keys.length);
    } catch {
      return undefined;
    }
    const words = new Int32Array(scanner.memory.buffer);
    const bytes = new Uint8Array(scanner.memory.buffer);
    words[KEY_COUNT_AT / 4] = keys.length;
    const lengths = new BigUint64Array(scanner.memory.buffer, KEY_LENGTHS_AT, 1);
    for (const key of keys) lengths[0] |= 1n << BigInt(Math.min(key.length, 63));
    let at = KEY_BYTES_AT;
    keys.forEach((key, k) => {
      const entry = KEYS_AT + KEY_ENTRY_BYTES * k;
      words[entry / 4] = key.length;
      words[entry / 4 + 1] = at;
      bytes.set(key.subarray(0, 8), entry + 8);
      bytes.set(key, at);
      at += key.length;
    });
    return scanner;
  }

  /** Whether `buf[start, end)` is in memory. */
  covers(buf: Uint8Array, start: number, end: number): boolean {
    return buf === this.buffer && start >= this.from && end <= this.to;
  }

  /** Copies `buf` from `start` to at least `end` (more when the buffer has more) into memory. */
  load(buf: Uint8Array, start: number, end: number): void {
    const to = Math.min(buf.length, Math.max(end, start + CHUNK_BYTES));
    const need = INPUT_AT + (to - start) + STOP_BYTES + WINDOW_BYTES;
    const have = this.memory.buffer.byteLength;
    if (have < need) {
      this.memory.grow(Math.ceil((need - have) / PAGE_BYTES));
      this.slots = this.slotView();
    }
    const input = new Uint8Array(this.memory.buffer, INPUT_AT, to - start + STOP_BYTES);
    input.set(buf.subarray(start, to));
    input.fill(QUOTE, to - start);
    this.buffer = buf;
    this.from = start;
    this.to = to;
    this.shift = start - INPUT_AT;
  }

  /** Scans the loaded line `[start, end)`: its count of scalar values (nulls excluded), or NOT_FLAT. */
  scan(start: number, end: number): number {
    return this.flat(start - this.shift, end - this.shift);
  }

  private slotView(): Int32Array {
    return new Int32Array(this.memory.buffer, SLOTS_AT, SLOT_INTS * MAX_KEYS);
  }
}

// --- the module -----------------------------------------------------------------------------

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const MINUS = 0x2d;
const PLUS = 0x2b;
const DOT = 0x2e;
const ZERO = 0x30;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
/** `true`, `fals` and `null` as little-endian words. */
const TRUE_WORD = 0x65757274;
const FALS_WORD = 0x736c6166;
const NULL_WORD = 0x6c6c756e;

/** The module's bytes, assembled on first use (most commands never scan JSON). */
export function flatModule(): Uint8Array {
  // flat(start, end): parameters, then locals.
  const START = 0, END = 1, I = 2, C = 3, KS = 4, KE = 5, SLOT = 6, K = 7, KL = 8, KO = 9, J = 10, LEAVES = 11;
  const VS = 12, VE = 13, KIND = 14, KEY_COUNT = 15, W = 16, D = 17;
  const M = 18, BITS = 19, HEAD = 20, SHIFT = 21;
  const V = 22, QUOTES = 23, BACKSLASHES = 24, CONTROL_MAX = 25, ZEROS = 26;
  const ID = 27, H = 28, P = 29, E = 30, A = 31, Q = 32, L = 33;

  const FAIL = ret(i32(NOT_FLAT));
  const byteAt = (local: number, offset = 0): Code => load8(get(local), offset);
  const isDigit = (c: Code): Code => ltU(sub(c, i32(ZERO)), i32(10));
  const increment = (local: number, by = 1): Code => set(local, add(get(local), i32(by)));
  const slotAt = (slot: Code): Code => add(i32(SLOTS_AT), shl(slot, i32(4)));
  const keyAt = (k: Code): Code => add(i32(KEYS_AT), shl(k, i32(4)));

  /** A bit per byte of the 16 at `address + offset`, set for `"`, `\` and control bytes. */
  const specials16 = (address: Code, offset: number): Code =>
    seq(
      set(V, v128Load(address, offset)),
      i8x16Bitmask(v128Or(v128Or(i8x16Eq(get(V), get(QUOTES)), i8x16Eq(get(V), get(BACKSLASHES))), i8x16Eq(i8x16SubSatU(get(V), get(CONTROL_MAX)), get(ZEROS)))),
    );

  /** M = a bit per special byte of the 64 from W. */
  const loadWindow = seq(
    set(M, extendU(specials16(get(W), 0))),
    set(M, i64Or(get(M), i64Shl(extendU(specials16(get(W), 16)), i64(16)))),
    set(M, i64Or(get(M), i64Shl(extendU(specials16(get(W), 32)), i64(32)))),
    set(M, i64Or(get(M), i64Shl(extendU(specials16(get(W), 48)), i64(48)))),
  );

  /**
   * Sets `into` to the first `"`, `\` or control byte at or after `from`. The specials of a
   * 64-byte window are kept as bits (M, from W), so that most searches are a shift and a count
   * of trailing zeros, with no loop and no branch to mispredict.
   */
  const nextSpecial = (from: Code, into: number): Code =>
    seq(
      set(J, from),
      block(
        "found",
        loop(
          "window",
          set(D, sub(get(J), get(W))),
          when(ltU(get(D), i32(64)), set(BITS, i64ShrU(get(M), extendU(get(D)))), brIf("found", eqz(i64Eqz(get(BITS)))), set(J, add(get(W), i32(64)))),
          set(W, get(J)),
          loadWindow,
          br("window"),
        ),
      ),
      set(into, add(get(J), wrap(i64Ctz(get(BITS))))),
    );

  /** A string ending in a quote before the line's end (no escape or control byte in it), from `from`; its end into `into`. */
  const plainString = (from: Code, into: number): Code =>
    seq(nextSpecial(from, into), when(geU(get(into), get(END)), FAIL), when(ne(load8(get(into)), i32(QUOTE)), FAIL));

  /**
   * SLOT = the index of the wanted key equal to bytes [KS, KE), or -1. Each wanted key is ruled
   * out by its length and its first 8 bytes at once (one branch, rarely taken); only a key that
   * passes is compared byte by byte past those.
   */
  const matchKey = seq(
    set(SLOT, i32(-1)),
    set(KL, sub(get(KE), get(KS))),
    block(
      "matched",
      brIf("matched", i64Eqz(i64And(i64ShrU(load64(i32(KEY_LENGTHS_AT)), extendU(select(get(KL), i32(63), ltU(get(KL), i32(63))))), i64(1)))),
      // HEAD = the key's first 8 bytes, or all of it with the bytes after it zeroed.
      set(SHIFT, extendU(select(i32(0), sub(i32(64), shl(get(KL), i32(3))), geU(get(KL), i32(8))))),
      set(HEAD, i64ShrU(i64Shl(load64(get(KS)), get(SHIFT)), get(SHIFT))),
      set(K, i32(0)),
      loop(
        "key",
        brIf("matched", geU(get(K), get(KEY_COUNT))),
        set(KO, keyAt(get(K))),
        when(
          and(eq(load32(get(KO)), get(KL)), i64Eq(load64(get(KO), 8), get(HEAD))),
          set(J, i32(8)),
          set(KO, load32(get(KO), 4)),
          block(
            "differs",
            loop("byte", brIf("differs", geU(get(J), get(KL))), brIf("differs", ne(load8(add(get(KS), get(J))), load8(add(get(KO), get(J))))), increment(J), br("byte")),
          ),
          when(geU(get(J), get(KL)), set(SLOT, get(K)), br("matched")),
        ),
        increment(K),
        br("key"),
      ),
    ),
  );

  /** Digits from J on (at least one, else FAIL); J ends after them. */
  const digits = (label: string): Code => seq(when(eqz(isDigit(byteAt(J))), FAIL), loop(label, increment(J), brIf(label, isDigit(byteAt(J)))));

  /** The JSON number at I (`-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?`); J ends after it. */
  const number = seq(
    set(J, get(I)),
    when(eq(byteAt(J), i32(MINUS)), increment(J)),
    ifElse(eq(byteAt(J), i32(ZERO)), increment(J), digits("integer")),
    when(eq(byteAt(J), i32(DOT)), increment(J), digits("fraction")),
    when(
      eq(or(byteAt(J), i32(0x20)), i32(0x65 /* e or E */)),
      increment(J),
      set(C, byteAt(J)),
      when(or(eq(get(C), i32(PLUS)), eq(get(C), i32(MINUS))), increment(J)),
      digits("exponent"),
    ),
  );

  /** The value at I: KIND, its bytes [VS, VE), and I after it. */
  const value = seq(
    set(ID, i32(-1)),
    set(C, byteAt(I)),
    set(VS, get(I)),
    ifElse(
      eq(get(C), i32(QUOTE)),
      seq(
        set(VS, add(get(I), i32(1))),
        plainString(get(VS), VE),
        set(I, add(get(VE), i32(1))),
        set(KIND, i32(Kind.string)),
        increment(LEAVES),
        internLookup(INTERN, { VS, VE, SLOT, ID, H, P, E, A, Q, L }),
      ),
      ifElse(
        eq(load32(get(I)), i32(TRUE_WORD)),
        seq(set(KIND, i32(Kind.true)), increment(I, 4), set(VE, get(I)), increment(LEAVES)),
        ifElse(
          and(eq(load32(get(I)), i32(FALS_WORD)), eq(byteAt(I, 4), i32(0x65 /* e */))),
          seq(set(KIND, i32(Kind.false)), increment(I, 5), set(VE, get(I)), increment(LEAVES)),
          ifElse(
            eq(load32(get(I)), i32(NULL_WORD)),
            seq(set(KIND, i32(Kind.null)), increment(I, 4), set(VE, get(I))),
            seq(number, set(KIND, i32(Kind.number)), set(VE, get(J)), set(I, get(J)), increment(LEAVES)),
          ),
        ),
      ),
    ),
  );

  const BODY = seq(
    set(QUOTES, i8x16Splat(QUOTE)),
    set(BACKSLASHES, i8x16Splat(BACKSLASH)),
    set(CONTROL_MAX, i8x16Splat(0x1f)),
    // W starts at 0, below the input: the first search loads its window.
    set(KEY_COUNT, load32(i32(KEY_COUNT_AT))),
    set(K, i32(0)),
    block("cleared", loop("clear", brIf("cleared", geU(get(K), get(KEY_COUNT))), store32(slotAt(get(K)), i32(Kind.missing)), increment(K), br("clear"))),
    when(ne(byteAt(START), i32(OPEN_BRACE)), FAIL),
    set(I, add(get(START), i32(1))),
    loop(
      "member",
      // Every step starts inside the line, so that no search runs past the stop bytes.
      when(geU(get(I), get(END)), FAIL),
      when(ne(byteAt(I), i32(QUOTE)), FAIL),
      set(KS, add(get(I), i32(1))),
      plainString(get(KS), KE),
      when(ne(byteAt(KE, 1), i32(COLON)), FAIL),
      matchKey,
      set(I, add(get(KE), i32(2))),
      value,
      // A repeated key keeps its last value, as JSON.parse does.
      when(
        ne(get(SLOT), i32(-1)),
        store32(slotAt(get(SLOT)), get(KIND)),
        store32(slotAt(get(SLOT)), get(VS), 4),
        store32(slotAt(get(SLOT)), get(VE), 8),
        store32(slotAt(get(SLOT)), get(ID), 12),
      ),
      set(C, byteAt(I)),
      when(eq(get(C), i32(COMMA)), increment(I), br("member")),
      when(and(eq(get(C), i32(CLOSE_BRACE)), eq(add(get(I), i32(1)), get(END))), ret(get(LEAVES))),
      FAIL,
    ),
    i32(NOT_FLAT),
  );

  return assembleModule(1, [
    {
      name: "flat",
      params: [I32, I32],
      result: I32,
      locals: [...Array<number>(M - I).fill(I32), ...Array<number>(V - M).fill(I64), ...Array<number>(ID - V).fill(V128), ...Array<number>(L + 1 - ID).fill(I32)],
      body: BODY,
    },
  ]);
}
