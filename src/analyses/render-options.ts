import type { ChalkInstance } from "chalk";
import { cutToWidth, wrapToWidth } from "../output/text-width.js";
import { printable } from "../output/printable.js";

/** What every table renderer needs: colours (level 0 for none), the width, and where notes go. */
export interface RenderOptions {
  chalk: ChalkInstance;
  /** Columns available; tables and lines are fitted to it. @default 120 */
  width?: number;
  /** A note for stderr (columns left out to fit); dropped when not given. */
  note?: (message: string) => void;
  /** Sentences (headlines, notes) wrap at words to the width, as on a terminal; otherwise each stays one line, whole (a file, a pipe: read in an editor, grepped). */
  wrap?: boolean;
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

/**
 * A sentence (a headline, a note), never cut: it is the answer. On a terminal (`wrap`) it is
 * wrapped at words to the width, its later lines indented. Style each line after.
 */
export function wrapLine(text: string, options: RenderOptions): string[] {
  return options.wrap ? wrapToWidth(printable(text), options.width ?? DEFAULT_WIDTH, "  ") : [printable(text)];
}
