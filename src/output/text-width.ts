import stringWidth from "string-width";

// Made on first use: building a segmenter loads ICU data (milliseconds every command would pay).
let graphemes: Intl.Segmenter | undefined;
const ELLIPSIS = "…";

/**
 * Text of one-column characters only: printable ASCII (string-width's own first test), the
 * ellipsis, box drawing and block elements (bars): never an escape code, an emoji, or a wide or
 * zero-width character, so string-width gives their length (text-width.test.ts checks each).
 */
const NARROW = /^[\u0020-\u007E\u2026\u2500-\u259F]*$/;

/** Columns the text takes on a terminal: wide (CJK, emoji) characters count two, ANSI codes none. */
export function textWidth(text: string): number {
  // Most cells are plain ASCII, bars or borders: answered without loading string-width's Unicode
  // tables (the bundle loads them on its first call, scripts/bundle.mjs).
  return NARROW.test(text) ? text.length : stringWidth(text);
}

/** The text cut to `width` columns with an ellipsis when it is longer; whole graphemes only. */
export function cutToWidth(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  if (width <= 0) return "";
  // One column and one grapheme per code unit: no segmenter (its ICU data took 30 ms or more to
  // load, the largest part of drawing a trace's table).
  if (NARROW.test(text)) return text.slice(0, width - 1) + ELLIPSIS;
  let out = "";
  let used = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  for (const { segment } of graphemes.segment(text)) {
    const w = textWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + ELLIPSIS;
}

/** The text cut to `width` columns from its start, keeping its end (a path's file name): "…/logs/app.log". */
export function cutStartToWidth(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  if (width <= 0) return "";
  if (NARROW.test(text)) return ELLIPSIS + text.slice(text.length - (width - 1));
  graphemes ??= new Intl.Segmenter(undefined, { granularity: "grapheme" });
  const segments = [...graphemes.segment(text)].map((s) => s.segment);
  let out = "";
  let used = 0;
  for (let i = segments.length - 1; i >= 0; i--) {
    const w = textWidth(segments[i]);
    if (used + w > width - 1) break;
    out = segments[i] + out;
    used += w;
  }
  return ELLIPSIS + out;
}

/**
 * The text's words over lines of at most `width` columns, the lines after the first starting
 * with `indent`; a single word wider than a line is cut. Spaces inside the text are kept.
 */
export function wrapToWidth(text: string, width: number, indent = ""): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    const candidate = current === "" ? word : `${current} ${word}`;
    if (current.trim() !== "" && textWidth(candidate) > width) {
      lines.push(current.trimEnd());
      current = indent + word;
    } else current = candidate;
  }
  lines.push(current);
  return lines.map((line) => cutToWidth(line, width));
}
