/**
 * A sum of doubles kept exactly, and rounded once when read: the correctly rounded sum, the same
 * in whatever order the terms come. So a part of a parallel scan sends a few numbers rather than
 * every number it saw (which held every record's value of a `sum(bytes)`: 929 MB at 1 GB of VPC
 * flow logs), and the merging thread gets the answer one thread would.
 *
 * While the sum is one double (a sum of integers stays one) it is just that double. Past that it
 * is a fixed-point integer in 32-bit chunks (a small "superaccumulator", as in Neal's paper on
 * exact summation): a term adds its 53 bits to two or three chunks, with no array grown or
 * shrunk, 7-8x faster per term than Shewchuk's partials (which `avg(duration_ms)` paid on every
 * row). Only the chunks the terms reached are kept. When read or saved, the chunks become a few
 * exact doubles, rounded by Shewchuk's algorithm (as Python's `math.fsum`; `Partials` below).
 *
 * Infinities and NaN are summed apart (IEEE rules: inf + -inf is NaN). Finite terms never
 * overflow on the way (1e308 + 1e308 - 1e308 is 1e308); a sum past the largest double is
 * Infinity with its sign. A part whose own sum was past it saves that overflow, which stays in
 * the merged sum (the one case where parts can give what one thread would not).
 */
export class ExactSum {
  /** The sum while it is one double; 0 once it is in chunks. */
  private top = 0;
  /**
   * Chunk `base + i` holds a signed multiple of 2^(32 (base + i) - 1074); undefined while the sum
   * is `top`. A plain array of doubles: a typed array per group took 130 bytes more (an avg by
   * 140,000 request ids: +18 MB).
   */
  private chunks: number[] | undefined;
  private base = 0;
  /** Terms added to the chunks since their carries were last moved up. */
  private adds = 0;
  /** The sum of the non-finite terms, 0 while there were none. */
  private special = 0;
  /** +1 or -1 once a merged part's sum was past the largest double. */
  private overflow = 0;

  addTerm(value: number): void {
    if (!Number.isFinite(value)) {
      this.special += value;
      return;
    }
    if (this.chunks === undefined) {
      let x = value;
      let y = this.top;
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      if (Number.isFinite(hi) && y - (hi - x) === 0) {
        this.top = hi;
        return;
      }
      this.chunks = [];
      this.addToChunks(this.top);
      this.top = 0;
    }
    this.addToChunks(value);
  }

  /** Adds the finite `value`'s bits to the chunks they fall in. */
  private addToChunks(value: number): void {
    BITS.float[0] = value;
    const low = BITS.words[0];
    const high = BITS.words[1];
    const exponent = (high >>> 20) & 0x7ff;
    // The significand as `mantissaHigh * 2^32 + low`, and where its lowest bit is (bit 0: 2^-1074).
    const mantissaHigh = exponent === 0 ? high & 0xfffff : (high & 0xfffff) | 0x100000;
    const at = exponent === 0 ? 0 : exponent - 1;
    const chunk = at >>> 5;
    const shift = at & 31;
    const p0 = shift === 0 ? low : (low << shift) >>> 0;
    const p1 = shift === 0 ? mantissaHigh : (low >>> (32 - shift)) + ((mantissaHigh << shift) >>> 0);
    const p2 = shift === 0 ? 0 : mantissaHigh >>> (32 - shift);
    // Room for the three chunks and one above them, where carries go.
    if (chunk < this.base || chunk + 4 > this.base + this.chunks!.length) this.widen(chunk);
    const c = this.chunks!;
    const i = chunk - this.base;
    if (high >>> 31 === 0) {
      c[i] += p0;
      c[i + 1] += p1;
      c[i + 2] += p2;
    } else {
      c[i] -= p0;
      c[i + 1] -= p1;
      c[i + 2] -= p2;
    }
    // Each term adds less than 2^34 to a chunk: 2^18 of them keep every chunk an exact integer.
    if (++this.adds === CARRY_EVERY) {
      carry(c);
      this.adds = 0;
    }
  }

  /** Makes the chunks cover `chunk` to `chunk + 4`, keeping what they hold. */
  private widen(chunk: number): void {
    const old = this.chunks!;
    const from = old.length === 0 ? chunk : Math.min(this.base, chunk);
    const to = old.length === 0 ? chunk + 4 : Math.max(this.base + old.length, chunk + 4);
    const grown = new Array<number>(to - from).fill(0);
    for (let i = 0; i < old.length; i++) grown[this.base - from + i] = old[i];
    this.chunks = grown;
    this.base = from;
  }

  /** Adds what another exact sum holds: the result is the sum of both sets of terms. */
  mergeSum(state: ExactSumState): void {
    for (const x of state.partials) this.addTerm(x);
    this.special += state.special;
    if (state.overflow !== 0) this.overflow = state.overflow;
  }

  saveSum(): ExactSumState {
    const rounded = this.rounded();
    return { partials: rounded?.partials() ?? [this.top], special: this.special, overflow: this.overflow || (rounded?.overflow ?? 0) };
  }

  /** The correctly rounded (half to even) sum of every term added. */
  sumValue(): number {
    const rounded = this.rounded();
    const overflow = this.overflow || (rounded?.overflow ?? 0);
    if (this.special !== 0) return this.special + (overflow === 0 ? 0 : overflow * Infinity);
    if (overflow !== 0) return overflow * Infinity;
    return rounded === undefined ? this.top : rounded.value();
  }

  /** The chunks as Shewchuk partials, or undefined while the sum is `top`. */
  private rounded(): Partials | undefined {
    if (this.chunks === undefined) return undefined;
    // A copy: a live query reads the sum and goes on adding.
    const c = this.chunks.slice();
    carry(c);
    // Two's complement: a negative sum leaves its top chunk negative. Its magnitude in chunks in
    // [0, 2^32) (the top one may be larger) is what turns into exact doubles.
    const sign = c.length > 0 && c[c.length - 1] < 0 ? -1 : 1;
    if (sign < 0) {
      for (let i = 0; i < c.length; i++) c[i] = -c[i];
      carry(c);
    }
    const partials = new Partials();
    for (let i = 0; i < c.length; i++) {
      // An exact double (at most 53 bits), or Infinity when this chunk alone is past the largest double.
      if (c[i] !== 0) partials.add(sign * c[i] * SCALES[this.base + i]);
    }
    return partials;
  }
}

/** Moves each chunk's part past 32 bits up into the chunk above (the top one keeps its own). */
function carry(c: number[]): void {
  for (let i = 0; i + 1 < c.length; i++) {
    const up = Math.floor(c[i] / 2 ** 32);
    c[i] -= up * 2 ** 32;
    c[i + 1] += up;
  }
}

const CARRY_EVERY = 2 ** 18;
/** A double's bits. */
const BITS = (() => {
  const float = new Float64Array(1);
  return { float, words: new Uint32Array(float.buffer) };
})();
/** SCALES[k] = 2^(32k - 1074), exact (Infinity past the largest double). */
const SCALES = (() => {
  const scales = new Float64Array(72);
  scales[0] = Number.MIN_VALUE;
  for (let k = 1; k < scales.length; k++) scales[k] = scales[k - 1] * 2 ** 32;
  return scales;
})();

/**
 * Exact doubles summed into non-overlapping partials (Shewchuk), read correctly rounded: how a
 * few exact doubles, the chunks', become the sum's double and its saved state.
 */
class Partials {
  /** Smallest first; the largest is the last. */
  private readonly p: number[] = [];
  /** +1 or -1 once the running sum went past the largest double. */
  overflow = 0;

  add(value: number): void {
    if (!Number.isFinite(value)) {
      this.overflow = value > 0 ? 1 : -1;
      return;
    }
    const p = this.p;
    let x = value;
    let kept = 0;
    for (let j = 0; j < p.length; j++) {
      let y = p[j];
      if (Math.abs(x) < Math.abs(y)) [x, y] = [y, x];
      const hi = x + y;
      if (!Number.isFinite(hi)) {
        this.overflow = hi > 0 ? 1 : -1;
        return;
      }
      const lo = y - (hi - x);
      if (lo !== 0) p[kept++] = lo;
      x = hi;
    }
    p.length = kept;
    p.push(x);
  }

  partials(): number[] {
    return this.p.length === 0 ? [0] : [...this.p];
  }

  value(): number {
    const p = this.p;
    let n = p.length;
    if (n === 0) return 0;
    let hi = p[--n];
    let lo = 0;
    while (n > 0) {
      const x = hi;
      const y = p[--n];
      hi = x + y;
      lo = y - (hi - x);
      if (lo !== 0) break;
    }
    // Half-way cases: the partials below decide which way the rounding of hi + lo goes.
    if (n > 0 && ((lo < 0 && p[n - 1] < 0) || (lo > 0 && p[n - 1] > 0))) {
      const y = lo * 2;
      const x = hi + y;
      if (y === x - hi) hi = x;
    }
    return hi;
  }
}

export interface ExactSumState {
  partials: number[];
  special: number;
  overflow: number;
}
