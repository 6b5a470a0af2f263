"use strict";
/**
 * string-width 4 (what cli-table3, yargs and cliui measure text with in the bundle, see
 * scripts/bundle.mjs) behind the answer it gives text of one-column characters anyway: printable
 * ASCII, the ellipsis, box drawing and block elements (table borders, bars) are never an escape
 * code, an emoji, or a wide or zero-width character, so their width is their length. It replaces
 * every emoji with one large regular expression on each call, and cli-table3 measures each cell
 * and each drawn line several times: 50 rows of log messages took about 40 ms to draw.
 * narrow-first-width.test.ts checks every such character against string-width 4.
 */
const NARROW = /^[\u0020-\u007E\u2026\u2500-\u259F]*$/;

module.exports = function narrowFirst(measure) {
  const stringWidth = (text) => (typeof text === "string" && NARROW.test(text) ? text.length : measure(text));
  stringWidth.default = stringWidth;
  return stringWidth;
};
