/**
 * The positions of every `"`, `\` and control byte (below 0x20) in a range of bytes, found 16
 * bytes at a time by a WebAssembly SIMD loop (the first stage of simdjson's design): the JSON
 * scanner (extract.ts) then jumps from one to the next instead of testing each byte of a string
 * in JavaScript, which costs about 2 ns a byte. A line of TaskOverflow logs is about 80% string
 * content.
 *
 * The module is assembled here from its instructions (no toolchain, no binary in the repo).
 * Where WebAssembly SIMD is missing, `SpecialIndex.create()` returns undefined and the scanner
 * tests every byte itself.
 */

/** What is used here of the WebAssembly API, which only the DOM lib declares. */
declare const WebAssembly: {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (module: object) => { exports: unknown };
};
interface WasmMemory {
  readonly buffer: ArrayBuffer;
  grow(pages: number): number;
}
type SpecialsFunction = (src: number, len: number, out: number) => number;

/** Bytes indexed at once beyond the line that asked (later lines of the buffer reuse them). */
const CHUNK_BYTES = 64 * 1024;
const PAGE_BYTES = 64 * 1024;
/** Past the end of any range. */
export const SENTINEL = 0x7fffffff;

let compiled: object | undefined;

export class SpecialIndex {
  /** Offsets of the specials in the indexed range, relative to `from`, then `SENTINEL`. */
  positions: Int32Array = new Int32Array(0);
  count = 0;
  /** The buffer and range indexed. */
  buffer: Uint8Array | undefined;
  from = 0;
  to = 0;

  private constructor(
    private readonly memory: WasmMemory,
    private readonly specials: SpecialsFunction,
  ) {}

  static create(): SpecialIndex | undefined {
    try {
      // One compiled module per thread: its code, tiered up once hot, serves every instance.
      compiled ??= new WebAssembly.Module(MODULE);
      const instance = new WebAssembly.Instance(compiled);
      const { memory, specials } = instance.exports as { memory: WasmMemory; specials: SpecialsFunction };
      return new SpecialIndex(memory, specials);
    } catch {
      return undefined;
    }
  }

  /** Indexes `buf` from `start` to at least `end` (more when the buffer has more). */
  index(buf: Uint8Array, start: number, end: number): void {
    const to = Math.min(buf.length, Math.max(end, start + CHUNK_BYTES));
    const len = to - start;
    // Input at 0, then one i32 per byte at most, and room for the three written past the count.
    const outAt = (len + 15) & ~15;
    const need = outAt + 4 * len + 16;
    if (this.memory.buffer.byteLength < need) this.memory.grow(Math.ceil((need - this.memory.buffer.byteLength) / PAGE_BYTES));
    new Uint8Array(this.memory.buffer, 0, len).set(buf.subarray(start, to));
    this.count = this.specials(0, len, outAt);
    // A last position past every byte, so that a scan looking for the next one always stops.
    this.positions = new Int32Array(this.memory.buffer, outAt, this.count + 1);
    this.positions[this.count] = SENTINEL;
    this.buffer = buf;
    this.from = start;
    this.to = to;
  }

  /** Whether `buf[start, end)` is indexed. */
  covers(buf: Uint8Array, start: number, end: number): boolean {
    return buf === this.buffer && start >= this.from && end <= this.to;
  }
}

// --- the module, instruction by instruction -------------------------------------------------

const I32 = 0x7f;
const V128 = 0x7b;
const EMPTY_BLOCK = 0x40;
const op = {
  block: 0x02, loop: 0x03, if: 0x04, end: 0x0b, br: 0x0c, brIf: 0x0d,
  localGet: 0x20, localSet: 0x21, localTee: 0x22,
  i32Load8U: [0x2d, 0x00, 0x00], i32Store: [0x36, 0x02, 0x00], i32Const: 0x41,
  i32Eqz: 0x45, i32Eq: 0x46, i32LtU: 0x49, i32GtU: 0x4b, i32GeU: 0x4f,
  i32Ctz: 0x68, i32Popcnt: 0x69, i32Add: 0x6a, i32Sub: 0x6b, i32And: 0x71, i32Or: 0x72, i32Shl: 0x74,
  v128Load: [0xfd, 0x00, 0x00, 0x00], i8x16Splat: [0xfd, 0x0f], i8x16Eq: [0xfd, 0x23],
  i8x16LtU: [0xfd, 0x26], v128Or: [0xfd, 0x50], i8x16Bitmask: [0xfd, 0x64],
};
// Parameters and locals.
const SRC = 0, LEN = 1, OUT = 2, I = 3, MASK = 4, N = 5, C = 6, P = 7, V = 8;

const get = (l: number) => [op.localGet, l];
const set = (l: number) => [op.localSet, l];
const konst = (n: number) => [op.i32Const, ...sleb(n)];
/** `out[n++] = <the value the code leaves>` */
const push = (value: number[]) => [...get(OUT), ...get(N), ...konst(2), op.i32Shl, op.i32Add, ...value, ...op.i32Store, ...get(N), ...konst(1), op.i32Add, ...set(N)];
/** `*(P + offset) = I + ctz(MASK)`, then clears that bit of MASK. */
const storeLowest = (offset: number) => [
  ...get(P), ...get(I), ...get(MASK), op.i32Ctz, op.i32Add, 0x36, 0x02, offset,
  ...get(MASK), ...get(MASK), ...konst(1), op.i32Sub, op.i32And, ...set(MASK),
];
/** Compares each byte of `v` with `byte` by `compare`. */
const bytesWhere = (compare: number[], byte: number) => [...get(V), ...konst(byte), ...op.i8x16Splat, ...compare];

/** specials(src, len, out): writes the offset of each special byte of [src, src+len) to out; returns how many. */
const BODY = [
  // 16 bytes at a time: a bit per special byte, then one offset per set bit.
  op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
  ...get(I), ...konst(16), op.i32Add, ...get(LEN), op.i32GtU, op.brIf, 1,
  ...get(SRC), ...get(I), op.i32Add, ...op.v128Load, op.localSet, V,
  ...bytesWhere(op.i8x16Eq, 0x22), ...bytesWhere(op.i8x16Eq, 0x5c), ...op.v128Or, ...bytesWhere(op.i8x16LtU, 0x20), ...op.v128Or,
  ...op.i8x16Bitmask, op.localTee, MASK, op.i32Popcnt, ...set(C),
  // Four offsets written whatever the count (no branch to mispredict; extra ones are
  // overwritten or past the count), the rest of a dense block one by one.
  ...get(OUT), ...get(N), ...konst(2), op.i32Shl, op.i32Add, ...set(P),
  ...storeLowest(0), ...storeLowest(4), ...storeLowest(8), ...storeLowest(12),
  ...get(N), ...get(C), op.i32Add, ...set(N),
  ...get(C), ...konst(4), op.i32GtU,
  op.if, EMPTY_BLOCK,
  ...get(P), ...konst(12), op.i32Add, ...set(P),
  op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
  ...get(MASK), op.i32Eqz, op.brIf, 1,
  ...get(P), ...konst(4), op.i32Add, ...set(P),
  ...storeLowest(0),
  op.br, 0, op.end, op.end,
  op.end,
  ...get(I), ...konst(16), op.i32Add, ...set(I),
  op.br, 0, op.end, op.end,
  // The last bytes one at a time.
  op.block, EMPTY_BLOCK, op.loop, EMPTY_BLOCK,
  ...get(I), ...get(LEN), op.i32GeU, op.brIf, 1,
  ...get(SRC), ...get(I), op.i32Add, ...op.i32Load8U, op.localTee, C,
  ...konst(0x22), op.i32Eq, ...get(C), ...konst(0x5c), op.i32Eq, op.i32Or, ...get(C), ...konst(0x20), op.i32LtU, op.i32Or,
  op.if, EMPTY_BLOCK, ...push(get(I)), op.end,
  ...get(I), ...konst(1), op.i32Add, ...set(I),
  op.br, 0, op.end, op.end,
  ...get(N),
  op.end,
];

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let byte = n & 0x7f;
    n >>>= 7;
    if (n !== 0) byte |= 0x80;
    out.push(byte);
  } while (n !== 0);
  return out;
}

function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = n & 0x7f;
    n >>= 7;
    if ((n === 0 && (byte & 0x40) === 0) || (n === -1 && (byte & 0x40) !== 0)) return [...out, byte];
    out.push(byte | 0x80);
  }
}

const section = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];
const name = (text: string) => [...uleb(text.length), ...Buffer.from(text, "latin1")];
const locals = [2, 5, I32, 1, V128];

const MODULE = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
  ...section(1, [1, 0x60, 3, I32, I32, I32, 1, I32]),
  ...section(3, [1, 0]),
  ...section(5, [1, 0x00, 1]),
  ...section(7, [2, ...name("memory"), 0x02, 0, ...name("specials"), 0x00, 0]),
  ...section(10, [1, ...uleb(locals.length + BODY.length), ...locals, ...BODY]),
]);
