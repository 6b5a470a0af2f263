/**
 * Strings for words read from a read buffer's bytes (vpc-bytes.ts), made once and handed back
 * for the same bytes: a flow log repeats its addresses and words on nearly every line, and a new
 * string per word was much of what a record cost, and of what the group lookups hashed again.
 */

/**
 * The text of a byte range, the same string as last time when the same bytes came before (see
 * `WordInterner`, its counterpart over text): a word seen before costs a hash of its bytes and a
 * comparison, and no string. A fixed number of slots, the last word of each kept. ASCII only.
 */
export class ByteWordInterner {
  private readonly known: Array<string | undefined> = new Array<string | undefined>(1 << 12).fill(undefined);

  of(b: Uint8Array, from: number, to: number): string {
    let h = 0;
    for (let k = from; k < to; k++) h = Math.imul(h ^ b[k], 0x01000193);
    const slot = (h ^ (h >>> 13)) & 0xfff;
    const known = this.known[slot];
    if (known !== undefined && known.length === to - from) {
      let k = 0;
      while (k < known.length && known.charCodeAt(k) === b[from + k]) k++;
      if (k === known.length) return known;
    }
    const word = latin1(b, from, to);
    this.known[slot] = word;
    return word;
  }
}

/**
 * The text of a dotted IPv4 address, the same string as last time for the same address: looked
 * up by its 32-bit number, which the record check computes as it reads the digits, so a repeated
 * address costs no second pass over its bytes (hashing and comparing them took a tenth of a flow
 * record's time). Without leading zeros, one number has one text. A fixed number of slots; an
 * address may sit in any of the `WAYS` slots from its own, so that two frequent addresses whose
 * slot is the same do not push each other out on every line (then each line made a new string,
 * which the group lookups had to hash again); when all are taken, the first is replaced.
 */
export class AddressInterner {
  private readonly keys = new Int32Array(SLOTS + WAYS);
  private readonly known: Array<string | undefined> = new Array<string | undefined>(SLOTS + WAYS).fill(undefined);
  /** Strings made so far (the tests' measure of how well it keeps them). */
  made = 0;

  /** The address `address` written at `b[from, to)`. */
  of(address: number, b: Uint8Array, from: number, to: number): string {
    const slot = Math.imul(address ^ (address >>> 15), 0x2c1b3c6d) >>> (32 - SLOT_BITS);
    const known = this.known;
    const keys = this.keys;
    let free = slot;
    for (let s = slot; s < slot + WAYS; s++) {
      const text = known[s];
      if (text === undefined) {
        free = s;
        break;
      }
      if (keys[s] === address) return text;
    }
    const text = latin1(b, from, to);
    this.made++;
    keys[free] = address;
    known[free] = text;
    return text;
  }
}

const SLOT_BITS = 12;
const SLOTS = 1 << SLOT_BITS;
const WAYS = 4;

interface Latin1Slicing {
  latin1Slice(start: number, end: number): string;
}

/** The text of `b[from, to)` as Latin-1 (the words here are ASCII), made by Buffer's own slicer. */
export function latin1(b: Uint8Array, from: number, to: number): string {
  return (b as unknown as Latin1Slicing).latin1Slice(from, to);
}
