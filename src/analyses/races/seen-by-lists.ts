/** A list request's time span: it read the table at some moment between start and end. */
export interface Span {
  start: number;
  end: number;
}

/**
 * Counts, for many todos at once, the list requests that returned each one. The service logs
 * how many todos a list returned, not which, so this is inferred from timing: a list that
 * finished after the todo's create finished and started before its delete started returned
 * it. Sorting both ends once makes each count two binary searches: O((n + m) log m).
 */
export function createListCounter(lists: readonly Span[]): (visibleFrom: number, visibleUntil: number) => number {
  const starts = lists.map((list) => list.start).sort((a, b) => a - b);
  const ends = lists.map((list) => list.end).sort((a, b) => a - b);
  return (visibleFrom, visibleUntil) => {
    if (visibleUntil <= visibleFrom) return 0;
    // lists that started before the delete, minus those of them that ended before the create
    // finished (every such list also started before the delete, as start <= end <= from < until)
    return countBelow(starts, visibleUntil) - countAtOrBelow(ends, visibleFrom);
  };
}

/** How many sorted values are < limit. */
function countBelow(sorted: readonly number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] < limit) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** How many sorted values are <= limit. */
function countAtOrBelow(sorted: readonly number[], limit: number): number {
  let low = 0;
  let high = sorted.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (sorted[mid] <= limit) low = mid + 1;
    else high = mid;
  }
  return low;
}
