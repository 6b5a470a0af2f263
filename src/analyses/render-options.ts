import type { ChalkInstance } from "chalk";
import { cutToWidth } from "../output/text-width.js";
import { printable } from "../output/printable.js";

/** What every table renderer needs: colours (level 0 for none), the width, and where notes go. */
export interface RenderOptions {
  chalk: ChalkInstance;
  /** Columns available; tables and lines are fitted to it. @default 120 */
  width?: number;
  /** A note for stderr (columns left out to fit); dropped when not given. */
  note?: (message: string) => void;
  /** A follow-up tolog command that runs when pasted (`npx tolog trace <id> --logs ...`). */
  command?: (words: readonly string[]) => string;
}

export const DEFAULT_WIDTH = 120;

/** Without the CLI's context (tests), follow-ups name tolog alone. */
export function commandLine(options: RenderOptions, words: readonly string[]): string {
  return options.command ? options.command(words) : ["tolog", ...words].join(" ");
}

/** One line of log-derived text, escaped and cut to the width (style it after cutting). */
export function fitLine(text: string, options: RenderOptions): string {
  return cutToWidth(printable(text), options.width ?? DEFAULT_WIDTH);
}

/** Words over lines of `width`, the lines after the first indented by two; at most `most` lines (the last one cut by the caller if it must be). */
export function wrapWords(text: string, width: number, most = Infinity): string[] {
  const lines: string[] = [];
  let current = "";
  for (const word of text.split(" ")) {
    if (current !== "" && current.length + 1 + word.length > width && lines.length < most - 1) {
      lines.push(current);
      current = "  " + word;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  lines.push(current);
  return lines;
}

/** A line of text that says too much to be cut (where the time goes): wrapped at words to the width, escaped. */
export function wrapLine(text: string, options: RenderOptions): string {
  const width = options.width ?? DEFAULT_WIDTH;
  return wrapWords(printable(text), width)
    .map((line) => cutToWidth(line, width))
    .join("\n");
}
