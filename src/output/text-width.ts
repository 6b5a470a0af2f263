import stringWidth from "string-width";

const graphemes = new Intl.Segmenter(undefined, { granularity: "grapheme" });
const ELLIPSIS = "…";

/** Columns the text takes on a terminal: wide (CJK, emoji) characters count two, ANSI codes none. */
export function textWidth(text: string): number {
  return stringWidth(text);
}

/** The text cut to `width` columns with an ellipsis when it is longer; whole graphemes only. */
export function cutToWidth(text: string, width: number): string {
  if (textWidth(text) <= width) return text;
  if (width <= 0) return "";
  let out = "";
  let used = 0;
  for (const { segment } of graphemes.segment(text)) {
    const w = textWidth(segment);
    if (used + w > width - 1) break;
    out += segment;
    used += w;
  }
  return out + ELLIPSIS;
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
