/**
 * A small seeded PRNG (mulberry32): the same numbers on every machine and run, for the bench's
 * data, `tolog serve`'s injected faults and the tests' generated cases.
 */
export class Prng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(maxExclusive: number): number {
    return Math.floor(this.next() * maxExclusive);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.int(items.length)];
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  /** Log-normal with the given median, as request and query latencies are. */
  logNormal(median: number, sigma: number): number {
    const u = 1 - this.next();
    const v = this.next();
    const normal = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    return median * Math.exp(sigma * normal);
  }

  uuid(): string {
    const hex = (n: number) => {
      let s = "";
      for (let i = 0; i < n; i++) s += "0123456789abcdef"[this.int(16)];
      return s;
    };
    return `${hex(8)}-${hex(4)}-4${hex(3)}-${"89ab"[this.int(4)]}${hex(3)}-${hex(12)}`;
  }
}

/** `Prng.next` as a plain function, for callers that want only uniform numbers. */
export function seededRandom(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}
