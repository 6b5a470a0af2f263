/**
 * Where each group of a stats read in morsels (engine/parallel/morsels.ts) was first seen, as
 * one double: the morsel's index times GROUP_SPAN, plus the group's number in the table of the
 * thread that read that morsel. A morsel is read by one thread, which numbers the groups it opens
 * there in row order, so ordering every thread's groups by this gives the order in which one
 * thread reading the morsels in turn would have seen them first. That needs each thread to take
 * its morsels in increasing order (a shared counter), so that the morsel where it opens a group
 * is the first of its morsels that has one of the group's rows.
 */
export class FirstSeen {
  private base = 0;
  private readonly at: number[] = [];

  /** Rows from here on come from morsel `index`. */
  startMorsel(index: number): void {
    this.base = index * GROUP_SPAN;
  }

  /** Group `n`, the table's newest, was opened by a row of the current morsel. */
  open(n: number): void {
    this.at.push(this.base + n);
  }

  /** Group `n` was also first seen at `first` by another thread: the earlier of the two counts. */
  seen(n: number, first: number, opened: boolean): void {
    if (opened || first < this.at[n]) this.at[n] = first;
  }

  /** Of groups `[0, count)`. */
  positions(count: number): Float64Array {
    return Float64Array.from(this.at.slice(0, count));
  }

  /** The numbers of groups `[0, count)` in first-seen order. */
  order(count: number): Int32Array {
    const at = this.at;
    const order = new Int32Array(count);
    let sorted = true;
    for (let n = 0; n < count; n++) {
      order[n] = n;
      if (n > 0 && at[n] < at[n - 1]) sorted = false;
    }
    return sorted ? order : order.sort((a, b) => at[a] - at[b]);
  }
}

/** More groups than any thread's table holds: at a few hundred bytes a group, past any memory. */
const GROUP_SPAN = 2 ** 32;
