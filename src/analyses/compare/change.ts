/** One figure of both sides of a comparison. */
export interface Change {
  /** null: the side has no such figure (no requests on the route, a status the log does not hold). */
  before: number | null;
  after: number | null;
  /** after - before; null unless both are known. */
  delta: number | null;
  /** after / before - 1; null unless both are known and before is not 0. */
  relative: number | null;
}

export function change(before: number | undefined | null, after: number | undefined | null): Change {
  const b = before ?? null;
  const a = after ?? null;
  return {
    before: b,
    after: a,
    delta: a === null || b === null ? null : a - b,
    relative: a === null || b === null || b === 0 ? null : a / b - 1,
  };
}
