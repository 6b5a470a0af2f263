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
