/**
 * The needle search of a local file's buffer in WebAssembly: one pass, 16 bytes at a time, that
 * finds the first place where a line may hold the needle (the needle itself, or an escape that
 * may hide one: `\/`, `\u00`; see sources/local/line-batcher.ts) and counts, on the way, what
 * the lines it passed need for the scanned records and bytes: newlines, CR LF pairs and empty
 * lines. Node's own search (`Buffer.indexOf`, Boyer-Moore-Horspool) makes short jumps in text
 * full of hex digits, and counting the skipped lines took one native call per line.
 *
 * The needle is found as in Wojciech Muła's "SIMD-friendly algorithms for substring searching":
 * its first and last bytes are compared at 16 positions at once, and only a position where both
 * match is compared whole. Such candidates, escapes, CRs and two newlines in a row are rare in
 * logs: a vector of 16 bytes holding any of them has those bytes looked at one by one. Newlines
 * are counted per lane, and the lanes summed every 63 rounds of four vectors.
 *
 * The file is read straight into the module's memory (`NeedleScanner.buffer`), so nothing is
 * copied. The module is assembled from its instructions (wasm/assemble.ts); where WebAssembly
 * SIMD is missing, `NeedleScanner.acquire()` returns undefined and the search is Node's.
 */
import {
  add, and, assembleModule, block, br, brIf, ctz, eq, eqz, geU, get, gtU, i16x8ExtaddPairwiseU, i32, I32, i32x4ExtaddPairwiseU,
  i32x4ExtractLane, i8x16Bitmask, i8x16Eq, i8x16MinU, i8x16Splat, i8x16SplatOf, i8x16Sub, ifElse, leU, load32, load8, loop, ltU, ne, or, ret, seq, set, store32,
  popcnt, sub, v128And, v128Load, v128Or, v128Store, V128, WasmApi, when, type Code, type WasmMemory,
} from "./assemble.js";

/** The longest needle searched here; a longer one is left to Node's search. */
export const MAX_NEEDLE_BYTES = 1024;

// Memory: the counts of the last search, the needle, the bytes compared (each in all 16 lanes),
// then (from page 1) the input.
const NEWLINES_AT = 0;
const CRLFS_AT = 4;
const EMPTY_LINES_AT = 8;
const HIT_KIND_AT = 12;
const NEEDLE_LENGTH_AT = 16;
const BLANK_BYTES_AT = 20;
const LETTER_LINES_AT = 24;
const NEEDLE_AT = 64;
const SPLATS_AT = 32 * 1024;
const PAGE_BYTES = 64 * 1024;
/** Where a buffer starts in memory; the byte before it is a newline, as before any line. */
const INPUT_AT = PAGE_BYTES;
/** Bytes after a buffer that the search may read (past its last newline, it never uses them). */
const SLACK_BYTES = MAX_NEEDLE_BYTES + 64;

/** Which kind of place `find` stopped at. */
export const Hit = { needle: 1, escape: 2 } as const;

const NL = 0x0a;
const CR = 0x0d;
const TAB = 0x09;
const SPACE = 0x20;
const BACKSLASH = 0x5c;
const SLASH = 0x2f;
const U = 0x75;
const ZERO = 0x30;
const SMALL_A = 0x61;

type FindFunction = (from: number, to: number) => number;
/**
 * The module's bytes, assembled when the CLI is bundled (scripts/bundle.mjs defines it): run
 * from the sources it is not defined and they are assembled on first use (20-40 ms of
 * interpreted JavaScript, which every needle query would pay in every thread).
 */
declare const __TOLOG_NEEDLE_WASM__: string | undefined;

/** Off where tests compare this search with Node's (the one used where WebAssembly SIMD is missing). */
export const wasmNeedleSearch = { enabled: true };

let compiled: object | undefined;
const idle: NeedleScanner[] = [];
/** Scanners kept for reuse per thread (a field index's lookup reads up to 16 files at once). */
const MAX_IDLE = 16;
/** A scanner whose memory grew past this (for a very long line) is not kept: memory never shrinks. */
const MAX_IDLE_BYTES = 4 * 1024 * 1024;

export class NeedleScanner {
  /**
   * Of the range the last `find` passed: its newlines, CR LF pairs, and the blank lines after its
   * first byte (nothing but spaces and tabs before the newline or a CR LF) with their spaces and tabs.
   */
  newlines = 0;
  crlfs = 0;
  emptyLines = 0;
  blankBytes = 0;
  /**
   * Of the same range: the lines after its first byte whose first byte after spaces and tabs is
   * a small letter. A VPC flow log header (no event) is one; where there are any, the lines are
   * looked at one by one.
   */
  letterLines = 0;
  /** What the last `find` stopped at: a `Hit` kind, or 0 when it found nothing. */
  hitKind = 0;
  private words: Int32Array;

  private constructor(
    private readonly memory: WasmMemory,
    private readonly search: FindFunction,
  ) {
    this.words = new Int32Array(memory.buffer, 0, 8);
  }

  /**
   * A scanner for `needle` (printable ASCII without a newline, a CR or a backslash, at most
   * `MAX_NEEDLE_BYTES`), or undefined without WebAssembly SIMD. Give it back with `release`.
   */
  static acquire(needle: Uint8Array): NeedleScanner | undefined {
    if (!wasmNeedleSearch.enabled || needle.length === 0 || needle.length > MAX_NEEDLE_BYTES) return undefined;
    let scanner = idle.pop();
    if (!scanner) {
      try {
        compiled ??= new WasmApi.Module(typeof __TOLOG_NEEDLE_WASM__ === "string" ? Buffer.from(__TOLOG_NEEDLE_WASM__, "base64") : needleModule());
        const { memory, find } = new WasmApi.Instance(compiled).exports as { memory: WasmMemory; find: FindFunction };
        scanner = new NeedleScanner(memory, find);
      } catch {
        return undefined;
      }
    }
    const bytes = new Uint8Array(scanner.memory.buffer);
    bytes.set(needle, NEEDLE_AT);
    bytes[INPUT_AT - 1] = NL;
    scanner.words[NEEDLE_LENGTH_AT / 4] = needle.length;
    return scanner;
  }

  release(): void {
    if (idle.length < MAX_IDLE && this.memory.buffer.byteLength <= MAX_IDLE_BYTES && !idle.includes(this)) idle.push(this);
  }

  /**
   * A buffer of `size` bytes in the scanner's memory, holding what the last one held (a larger
   * one grows the memory, which leaves the earlier buffers empty).
   */
  buffer(size: number): Buffer {
    const need = INPUT_AT + size + SLACK_BYTES;
    const have = this.memory.buffer.byteLength;
    if (have < need) {
      this.memory.grow(Math.ceil((need - have) / PAGE_BYTES));
      this.words = new Int32Array(this.memory.buffer, 0, 8);
    }
    return Buffer.from(this.memory.buffer, INPUT_AT, size);
  }

  /** Whether `view` starts where this scanner's buffers do (so `find` can search it). */
  holds(view: Buffer): boolean {
    return view.buffer === this.memory.buffer && view.byteOffset === INPUT_AT;
  }

  /**
   * The first position in `[from, to)` of the buffer where the needle or an escape starts, or
   * -1; the counts are of `[from, that position)` (of `[from, to)` when none), `hitKind` which.
   * The byte at `to - 1` is a newline (as the line batcher searches), so no match runs past it.
   */
  find(from: number, to: number): number {
    const at = this.search(INPUT_AT + from, INPUT_AT + to);
    const words = this.words;
    this.newlines = words[NEWLINES_AT / 4];
    this.crlfs = words[CRLFS_AT / 4];
    this.emptyLines = words[EMPTY_LINES_AT / 4];
    this.blankBytes = words[BLANK_BYTES_AT / 4];
    this.letterLines = words[LETTER_LINES_AT / 4];
    this.hitKind = words[HIT_KIND_AT / 4];
    return this.hitKind === 0 ? -1 : at - INPUT_AT;
  }
}

/** Vectors of 16 bytes per round of the search. */
const VECTORS = 4;
const ROUND_BYTES = 16 * VECTORS;
/** Rounds between sums of the per-lane newline counts (each lane counts to 255 at most). */
const ROUNDS_PER_SUM = Math.floor(255 / VECTORS);

/** The module's bytes: `find(from, to)` over memory addresses. */
export function needleModule(): Uint8Array {
  const FROM = 0, TO = 1, I = 2, P = 3, C = 4, NEWLINES = 5, CRLFS = 6, EMPTIES = 7, LAST = 8, J = 9, LENGTH = 10, FIRST = 11, ROUNDS = 12, M = 13;
  const FLAGGED = 14, IM1 = 15, IL = 16, BLANKS = 17, LETTERS = 18, LETTER = 19;
  const V = 20, COUNTS = 21, SNL = 22, SCR = 23, SBS = 24, SFIRST = 25, SLAST = 26, NLS = 27, RARE = 28, SBLANK = 29, SA = 30, S25 = 31;
  const LOCAL_I32 = V - I;
  const LOCAL_V128 = S25 + 1 - V;

  const increment = (local: number): Code => set(local, add(get(local), i32(1)));
  const byteAt = (offset: number): Code => load8(get(P), offset);

  /** Stores the counts and the kind, and returns P. */
  const stop = (kind: number, inRound: boolean): Code =>
    seq(
      // The round's newlines were all counted: take back those at and after P.
      inRound
        ? seq(
            set(J, get(P)),
            loop("uncount", when(eq(load8(get(J)), i32(NL)), set(NEWLINES, sub(get(NEWLINES), i32(1)))), increment(J), brIf("uncount", ltU(get(J), add(get(I), i32(ROUND_BYTES))))),
          )
        : [],
      store32(i32(NEWLINES_AT), get(NEWLINES)),
      store32(i32(CRLFS_AT), get(CRLFS)),
      store32(i32(EMPTY_LINES_AT), get(EMPTIES)),
      store32(i32(BLANK_BYTES_AT), get(BLANKS)),
      store32(i32(LETTER_LINES_AT), get(LETTERS)),
      store32(i32(HIT_KIND_AT), i32(kind)),
      ret(get(P)),
    );

  const isBlankByte = (c: Code): Code => or(eq(c, i32(SPACE)), eq(c, i32(TAB)));
  /** The byte at P, one at a time: what it adds to the counts (not its newline), or a stop. */
  const atByte = (inRound: boolean): Code =>
    seq(
      set(C, byteAt(0)),
      set(LETTER, i32(0)),
      // A blank line ("", "\r", spaces and tabs) starting at P, unless P is the range's first
      // byte: J passes its spaces and tabs, which are not counted as scanned bytes. Else a line
      // whose first byte after them is a small letter.
      when(
        and(ne(get(P), get(FROM)), eq(load8(sub(get(P), i32(1))), i32(NL))),
        set(J, get(P)),
        loop("blank", when(isBlankByte(load8(get(J))), increment(J), br("blank"))),
        ifElse(
          or(eq(load8(get(J)), i32(NL)), and(eq(load8(get(J)), i32(CR)), eq(load8(get(J), 1), i32(NL)))),
          seq(increment(EMPTIES), set(BLANKS, add(get(BLANKS), sub(get(J), get(P))))),
          set(LETTER, leU(sub(load8(get(J)), i32(SMALL_A)), i32(25))),
        ),
      ),
      when(and(eq(get(C), i32(CR)), eq(byteAt(1), i32(NL))), increment(CRLFS)),
      when(
        and(eq(get(C), i32(BACKSLASH)), or(eq(byteAt(1), i32(SLASH)), and(eq(byteAt(1), i32(U)), and(eq(byteAt(2), i32(ZERO)), eq(byteAt(3), i32(ZERO)))))),
        stop(Hit.escape, inRound),
      ),
      when(
        eq(get(C), get(FIRST)),
        set(J, i32(1)),
        block("differs", loop("compare", brIf("differs", geU(get(J), get(LENGTH))), brIf("differs", ne(load8(add(get(P), get(J))), load8(add(i32(NEEDLE_AT), get(J))))), increment(J), br("compare"))),
        when(geU(get(J), get(LENGTH)), stop(Hit.needle, inRound)),
      ),
      // Counted once the line is known to start before the place found, as the range's counts are.
      set(LETTERS, add(get(LETTERS), get(LETTER))),
    );

  /** NEWLINES += the lanes of COUNTS; COUNTS = 0. */
  const sumCounts = seq(
    set(V, i32x4ExtaddPairwiseU(i16x8ExtaddPairwiseU(get(COUNTS)))),
    set(NEWLINES, add(get(NEWLINES), add(add(i32x4ExtractLane(get(V), 0), i32x4ExtractLane(get(V), 1)), add(i32x4ExtractLane(get(V), 2), i32x4ExtractLane(get(V), 3))))),
    set(COUNTS, i8x16Splat(0)),
  );
  /**
   * A lane set where a byte of the 16 at I + 16k needs a look: a CR, a backslash, a line that
   * starts with a byte up to the space (an empty or blank line, rare in logs; `min(v, space) = v`
   * is two instructions where an unsigned `<` takes four) or with a small letter (a flow log
   * header, rare too: records start with a digit, JSON with a brace), or the needle's first byte
   * with its last byte where it would end.
   */
  const looksAt = (k: number, v: Code): Code =>
    v128Or(
      v128Or(
        v128And(v128Or(i8x16Eq(i8x16MinU(v, get(SBLANK)), v), i8x16Eq(i8x16MinU(i8x16Sub(v, get(SA)), get(S25)), i8x16Sub(v, get(SA)))), i8x16Eq(v128Load(get(IM1), 16 * k), get(SNL))),
        v128Or(i8x16Eq(v, get(SCR)), i8x16Eq(v, get(SBS))),
      ),
      v128And(i8x16Eq(v, get(SFIRST)), i8x16Eq(v128Load(get(IL), 16 * k), get(SLAST))),
    );
  /** Vector k of the round at I: its newlines counted per lane, RARE = where it needs a look. */
  const vector = (k: number): Code =>
    seq(
      set(V, v128Load(get(I), 16 * k)),
      set(NLS, i8x16Eq(get(V), get(SNL))),
      set(COUNTS, i8x16Sub(get(COUNTS), get(NLS))),
      set(RARE, looksAt(k, get(V))),
    );
  const vectors = (each: (k: number) => Code): Code[] => Array.from({ length: VECTORS }, (_, k) => each(k));
  /** Each byte of block k that needs a look, in order (the lanes found again: this is rare). */
  const looks = (k: number): Code =>
    seq(
      set(V, v128Load(get(I), 16 * k)),
      set(M, i8x16Bitmask(looksAt(k, get(V)))),
      block(`looked${k}`, loop(`look${k}`, brIf(`looked${k}`, eqz(get(M))), set(P, add(get(I), add(ctz(get(M)), i32(16 * k)))), atByte(true), set(M, and(get(M), sub(get(M), i32(1)))), br(`look${k}`))),
    );

  const BODY = seq(
    set(LENGTH, load32(i32(NEEDLE_LENGTH_AT))),
    set(FIRST, load8(i32(NEEDLE_AT))),
    set(LAST, sub(get(LENGTH), i32(1))),
    // The bytes compared, each in every lane: loaded from memory, as TurboFan makes a splat of a
    // constant again at each use, in every round.
    v128Store(i32(SPLATS_AT), i8x16Splat(NL)),
    v128Store(i32(SPLATS_AT), i8x16Splat(CR), 16),
    v128Store(i32(SPLATS_AT), i8x16Splat(BACKSLASH), 32),
    v128Store(i32(SPLATS_AT), i8x16SplatOf(get(FIRST)), 48),
    v128Store(i32(SPLATS_AT), i8x16SplatOf(load8(add(i32(NEEDLE_AT), get(LAST)))), 64),
    v128Store(i32(SPLATS_AT), i8x16Splat(SPACE), 80),
    v128Store(i32(SPLATS_AT), i8x16Splat(SMALL_A), 96),
    v128Store(i32(SPLATS_AT), i8x16Splat(25), 112),
    set(SNL, v128Load(i32(SPLATS_AT))),
    set(SCR, v128Load(i32(SPLATS_AT), 16)),
    set(SBS, v128Load(i32(SPLATS_AT), 32)),
    set(SFIRST, v128Load(i32(SPLATS_AT), 48)),
    set(SLAST, v128Load(i32(SPLATS_AT), 64)),
    set(SBLANK, v128Load(i32(SPLATS_AT), 80)),
    set(SA, v128Load(i32(SPLATS_AT), 96)),
    set(S25, v128Load(i32(SPLATS_AT), 112)),
    set(ROUNDS, i32(ROUNDS_PER_SUM)),
    set(I, get(FROM)),
    block(
      "tail",
      loop(
        "rounds",
        brIf("tail", gtU(add(get(I), i32(ROUND_BYTES)), get(TO))),
        set(IM1, sub(get(I), i32(1))),
        set(IL, add(get(I), get(LAST))),
        // A branch per vector, not one per round: TurboFan then computes each vector in turn
        // (for one branch it loaded the four first, and spilled vectors to the stack).
        block(
          "plain",
          block("look", ...vectors((k) => seq(set(FLAGGED, i32(k)), vector(k), brIf("look", i8x16Bitmask(get(RARE))))), br("plain")),
          sumCounts,
          set(ROUNDS, i32(ROUNDS_PER_SUM)),
          // The newlines of the vectors after the one that asked for a look, then the looks.
          ...vectors((k) => when(gtU(i32(k), get(FLAGGED)), set(NEWLINES, add(get(NEWLINES), popcnt(i8x16Bitmask(i8x16Eq(v128Load(get(I), 16 * k), get(SNL)))))))),
          ...vectors((k) => looks(k)),
        ),
        set(ROUNDS, sub(get(ROUNDS), i32(1))),
        when(eqz(get(ROUNDS)), sumCounts, set(ROUNDS, i32(ROUNDS_PER_SUM))),
        set(I, add(get(I), i32(ROUND_BYTES))),
        br("rounds"),
      ),
    ),
    sumCounts,
    block(
      "done",
      loop(
        "bytes",
        brIf("done", geU(get(I), get(TO))),
        set(P, get(I)),
        when(eq(byteAt(0), i32(NL)), increment(NEWLINES)),
        atByte(false),
        increment(I),
        br("bytes"),
      ),
    ),
    store32(i32(NEWLINES_AT), get(NEWLINES)),
    store32(i32(CRLFS_AT), get(CRLFS)),
    store32(i32(EMPTY_LINES_AT), get(EMPTIES)),
    store32(i32(BLANK_BYTES_AT), get(BLANKS)),
    store32(i32(LETTER_LINES_AT), get(LETTERS)),
    store32(i32(HIT_KIND_AT), i32(0)),
    get(TO),
  );

  return assembleModule(2, [
    { name: "find", params: [I32, I32], result: I32, locals: [...Array<number>(LOCAL_I32).fill(I32), ...Array<number>(LOCAL_V128).fill(V128)], body: BODY },
  ]);
}
