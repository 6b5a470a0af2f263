/**
 * String values interned by their bytes inside the flat scan (flat-scan.ts): the scan hashes a
 * wanted key's string value and looks it up in a table of values seen before, comparing bytes 8
 * at a time; a value found is handed to JavaScript as the string made the first time, so a
 * repeated value (a `sql` statement, a route, a level) makes no new string, and its group's Map
 * lookup reads the hash V8 keeps in that string instead of hashing a new one (a new `sql` string
 * per event, sliced and hashed: a tenth of a `stats ... by sql`). Strings made in JavaScript and
 * hashed there cost more than they saved (docs/benchmarks.md); here the bytes never leave the
 * module.
 *
 * The table and the bytes of its values live in the module's memory; JavaScript adds a value
 * (`InternTable.learn`) after making its string, with the same hash. Bounded: at most half the
 * table's entries and `ARENA_BYTES` of values; a key whose values rarely repeat (request ids) is
 * no longer looked up. The same bytes always make the same text: a buffer is decoded as latin1
 * only when all ASCII, and then its text is the UTF-8 decoding's.
 */
import { add, and, block, br, brIf, eq, eqz, geU, get, gtU, i32, i64Eq, ifElse, load32, load64, load8, loop, mul, ne, set, seq, shl, shrU, sub, when, xor, type Code } from "./assemble.js";

const TABLE_BITS = 12;
const TABLE_SIZE = 1 << TABLE_BITS;
const ENTRY_BYTES = 16;
export const TABLE_BYTES = TABLE_SIZE * ENTRY_BYTES;
export const ARENA_BYTES = 1 << 20;
const MULTIPLIER = 0x9e3779b1 | 0;
/** Values a key adds before its lookups are judged: one that found fewer than it added is dropped. */
const TRIAL_VALUES = 1024;

/**
 * The hash of `bytes[start, end)`, as the module computes it: of its length and, from 8 bytes
 * on, five 32-bit words (little-endian) at its start, middle and end; of each byte when shorter.
 * A few words, not all of them: the lookup compares every byte anyway, and hashing all of an
 * 80-byte statement cost more than it saved.
 */
export function hashBytes(bytes: Uint8Array, start: number, end: number): number {
  const length = end - start;
  let h = length;
  const mix = (word: number): void => {
    h = Math.imul(h ^ word, MULTIPLIER);
    h ^= h >>> 15;
  };
  const word = (at: number): number => bytes[at] | (bytes[at + 1] << 8) | (bytes[at + 2] << 16) | (bytes[at + 3] << 24);
  if (length >= 8) for (const offset of wordOffsets(length)) mix(word(start + offset));
  else for (let j = start; j < end; j++) mix(bytes[j]);
  return h ^ (h >>> 16);
}

/** Where the hashed words of a value of `length` (at least 8) bytes start. */
function wordOffsets(length: number): number[] {
  return [0, 4, length >>> 1, length - 8, length - 4];
}

/** Where the table, the per-key switches and the values' bytes are in memory. */
export interface InternLayout {
  flagsAt: number;
  tableAt: number;
  arenaAt: number;
}

/** The module's locals the lookup uses: the value's bytes and wanted key, and its own. */
export interface InternLocals {
  VS: number;
  VE: number;
  SLOT: number;
  ID: number;
  H: number;
  P: number;
  E: number;
  A: number;
  Q: number;
  L: number;
}

/** Module code: ID = the table entry holding bytes [VS, VE) of wanted key SLOT, or -1. */
export function internLookup(layout: InternLayout, r: InternLocals): Code {
  const inc = (local: number, by: number): Code => set(local, add(get(local), i32(by)));
  const mix = (word: Code): Code => seq(set(r.H, mul(xor(get(r.H), word), i32(MULTIPLIER))), set(r.H, xor(get(r.H), shrU(get(r.H), i32(15)))));
  return seq(
    set(r.ID, i32(-1)),
    when(
      and(ne(get(r.SLOT), i32(-1)), ne(load32(add(i32(layout.flagsAt), shl(get(r.SLOT), i32(2)))), i32(0))),
      set(r.L, sub(get(r.VE), get(r.VS))),
      set(r.H, get(r.L)),
      ifElse(
        geU(get(r.L), i32(8)),
        seq(
          mix(load32(get(r.VS))),
          mix(load32(get(r.VS), 4)),
          mix(load32(add(get(r.VS), shrU(get(r.L), i32(1))))),
          mix(load32(sub(get(r.VE), i32(8)))),
          mix(load32(sub(get(r.VE), i32(4)))),
        ),
        seq(set(r.Q, get(r.VS)), block("hashedBytes", loop("hashByte", brIf("hashedBytes", geU(get(r.Q), get(r.VE))), mix(load8(get(r.Q))), inc(r.Q, 1), br("hashByte")))),
      ),
      set(r.H, xor(get(r.H), shrU(get(r.H), i32(16)))),
      set(r.P, shrU(get(r.H), i32(32 - TABLE_BITS))),
      block(
        "probed",
        loop(
          "probe",
          set(r.E, add(i32(layout.tableAt), shl(get(r.P), i32(4)))),
          set(r.A, load32(get(r.E), 8)),
          brIf("probed", eqz(get(r.A))),
          when(
            and(and(eq(load32(get(r.E)), get(r.H)), eq(load32(get(r.E), 4), get(r.SLOT))), eq(load32(get(r.E), 12), get(r.L))),
            set(r.Q, i32(0)),
            block(
              "unequal",
              block("comparedWords", loop("compareWord", brIf("comparedWords", gtU(add(get(r.Q), i32(8)), get(r.L))), brIf("unequal", eqz(i64Eq(load64(add(get(r.A), get(r.Q))), load64(add(get(r.VS), get(r.Q)))))), inc(r.Q, 8), br("compareWord"))),
              block("comparedBytes", loop("compareByte", brIf("comparedBytes", geU(get(r.Q), get(r.L))), brIf("unequal", ne(load8(add(get(r.A), get(r.Q))), load8(add(get(r.VS), get(r.Q))))), inc(r.Q, 1), br("compareByte"))),
              set(r.ID, get(r.P)),
              br("probed"),
            ),
          ),
          set(r.P, and(add(get(r.P), i32(1)), i32(TABLE_SIZE - 1))),
          br("probe"),
        ),
      ),
    ),
  );
}

interface Memory {
  readonly buffer: ArrayBuffer;
}

/** The JavaScript side: the strings of the entries, and adding values to the table. */
export class InternTable {
  /** The string of each entry, by entry index (the `ID` the scan gives). */
  readonly strings: string[] = new Array<string>(TABLE_SIZE).fill("");
  /** Values found, by wanted key (doubles: a follow of days does not wrap them). */
  readonly hits: Float64Array;
  private readonly added: Float64Array;
  /** Whether each key is looked up (the module's switches, mirrored). */
  private readonly on: boolean[];
  private entries = 0;
  private arenaUsed = 0;

  constructor(
    private readonly memory: Memory,
    private readonly layout: InternLayout,
    keyCount: number,
  ) {
    this.hits = new Float64Array(keyCount);
    this.added = new Float64Array(keyCount);
    new Int32Array(memory.buffer, layout.flagsAt, keyCount).fill(1);
    this.on = Array.from({ length: keyCount }, () => true);
  }

  /** Adds `text`, the value of wanted key `k` made from memory bytes [start, end) that the scan did not find. */
  learn(k: number, start: number, end: number, text: string): void {
    const length = end - start;
    if (!this.on[k] || length === 0 || 2 * (this.entries + 1) > TABLE_SIZE || this.arenaUsed + length > ARENA_BYTES) return;
    if (++this.added[k] >= TRIAL_VALUES && this.hits[k] < this.added[k]) {
      this.on[k] = false;
      new Int32Array(this.memory.buffer, this.layout.flagsAt, this.hits.length)[k] = 0;
      return;
    }
    const bytes = new Uint8Array(this.memory.buffer);
    const h = hashBytes(bytes, start, end);
    const words = new Int32Array(this.memory.buffer, this.layout.tableAt, TABLE_SIZE * 4);
    let p = h >>> (32 - TABLE_BITS);
    while (words[4 * p + 2] !== 0) p = (p + 1) & (TABLE_SIZE - 1);
    const at = this.layout.arenaAt + this.arenaUsed;
    bytes.copyWithin(at, start, end);
    this.arenaUsed += length;
    words[4 * p] = h;
    words[4 * p + 1] = k;
    words[4 * p + 2] = at;
    words[4 * p + 3] = length;
    this.strings[p] = text;
    this.entries++;
  }
}
