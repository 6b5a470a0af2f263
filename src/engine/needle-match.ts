/**
 * How a source applies `ReadOptions.needles` to an event's raw text. A needle is printable
 * ASCII without `"` or `\`; it may hold characters that some JSON encoders escape (`/` as `\/`,
 * `<`, `>`, `&`, `'` as `\u00XX`), which hide it in a JSON value's raw text. A text holding such
 * an escape therefore always passes when a needle holds such a character.
 */
const ESCAPABLE = /[/<>&']/;

/** Whether text holding `\/` or `\u00` must be kept whatever it holds (see `mayHoldNeedles`). */
export function needlesMayBeEscaped(needles: readonly string[]): boolean {
  return needles.some((n) => ESCAPABLE.test(n));
}

/** Whether an event whose raw text is `text` may hold every needle (the rule every source follows). */
export function mayHoldNeedles(text: string, needles: readonly string[]): boolean {
  for (const n of needles) {
    if (!text.includes(n)) return needlesMayBeEscaped(needles) && (text.includes("\\/") || text.includes("\\u00"));
  }
  return true;
}
