/**
 * Keeps the first `keep` entries of a stream in `compare` order, in O(keep) memory: entries
 * collect in a buffer that is sorted and cut back to `keep` whenever it reaches twice that
 * (or 1024, so that tiny limits do not sort all the time).
 * Without `keep` it holds everything. Ties keep arrival order (the sort is stable).
 */
export class TopN<T> {
  private items: T[] = [];
  private sorted = true;
  private cutoff: T | undefined;
  /** Whether an entry was left out for `keep`. */
  dropped = false;

  constructor(
    private readonly compare: (a: T, b: T) => number,
    private readonly keep = Number.POSITIVE_INFINITY,
  ) {}

  add(item: T): void {
    if (this.admits(item)) this.push(item);
  }

  /**
   * Whether `item` (arriving now) can still be among the first `keep`: once `keep` entries are
   * known, one that sorts after the last of them can never get in (an equal one arrived later,
   * so it goes after too). A caller may ask with a scratch item and `push` a real one only when
   * admitted: most items of a long stream never get in, and need not be made.
   */
  admits(item: T): boolean {
    if (this.cutoff !== undefined && this.compare(item, this.cutoff) >= 0) {
      this.dropped = true;
      return false;
    }
    return true;
  }

  /** Adds an item that `admits` let in (`add` without the check). */
  push(item: T): void {
    this.items.push(item);
    this.sorted = false;
    if (this.items.length >= Math.max(2 * this.keep, 1024)) this.compact();
  }

  /** Once `keep` entries are known: the last of them. */
  get last(): T | undefined {
    return this.cutoff;
  }

  /** Entries held right now (at most twice `keep`). */
  get held(): number {
    return this.items.length;
  }

  /** The kept entries in order (does not disturb later adds). */
  result(): T[] {
    this.compact();
    return this.items.slice();
  }

  private compact(): void {
    if (!this.sorted) {
      this.items.sort(this.compare);
      this.sorted = true;
    }
    if (this.items.length >= this.keep) {
      if (this.items.length > this.keep) this.dropped = true;
      this.items.length = this.keep;
      this.cutoff = this.items[this.keep - 1];
    }
  }
}
