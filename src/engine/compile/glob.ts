import { re2, type QueryRegex } from "./regex.js";

/**
 * Whether `.` in a glob's `*` spans line breaks. Not documented; multi-line messages (stack
 * traces) are common, so yes. One constant for a golden result to overturn.
 */
export const GLOB_MATCHES_NEWLINES = true;

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/**
 * The regex of a `parse` glob: unanchored; each `*` a lazy group, except a trailing `*`, which
 * takes the rest of the value.
 */
export function globSource(glob: string): string {
  const pieces = glob.split("*");
  let source = escapeRegex(pieces[0]);
  for (let i = 1; i < pieces.length; i++) {
    const last = i === pieces.length - 1 && pieces[i] === "";
    source += (last ? "(.*)" : "(.*?)") + escapeRegex(pieces[i]);
  }
  return source;
}

/**
 * The matcher of a `parse` glob. One match (no `multi`) is found with plain string searches,
 * which give exactly what the regex gives (glob.test.ts compares them): each lazy `*` ends at
 * the first occurrence of the next piece, and when a piece is missing after the earliest
 * start, it is missing after every later start too, so the earliest start is the match.
 * `multi` runs the regex on RE2.
 */
export function globMatcher(glob: string, multi: boolean): QueryRegex {
  const regex = re2(globSource(glob), { dotAll: GLOB_MATCHES_NEWLINES });
  if (multi || !GLOB_MATCHES_NEWLINES) return regex;
  const pieces = glob.split("*");
  const exec = (text: string): Array<string | undefined> | null => {
    const first = text.indexOf(pieces[0]);
    if (first < 0) return null;
    const match: Array<string | undefined> = [""];
    let at = first + pieces[0].length;
    for (let i = 1; i < pieces.length; i++) {
      const piece = pieces[i];
      const greedyTail = i === pieces.length - 1 && piece === "";
      const end = greedyTail ? text.length : text.indexOf(piece, at);
      if (end < 0) return null;
      match.push(text.slice(at, end));
      at = end + piece.length;
    }
    match[0] = text.slice(first, at);
    return match;
  };
  return {
    groups: regex.groups,
    test: (text) => exec(text) !== null,
    exec,
    matchAll: (text) => regex.matchAll(text),
    replaceAll: (text, replacement) => regex.replaceAll(text, replacement),
  };
}
