import type { ChalkInstance } from "chalk";
import { cutToWidth, textWidth, wrapToWidth } from "../output/text-width.js";
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
  command?: FollowUpCommand;
  /** The logs read, and the range when one was chosen, as words after "in" (`README.md`): for an answer that found nothing. */
  searched?: string;
}

/** Where an answer that found nothing looked: the logs named, else these logs (tests, no CLI). */
export function searchedIn(options: Pick<RenderOptions, "searched">): string {
  return options.searched ?? "these logs";
}

/**
 * Builds a follow-up tolog command from the words after `tolog`. `placeholder`: the line saying
 * what a word of it stands for and what to put there (logs read from stdin or a pipe are gone
 * once read: the command names them by a placeholder, not by `-`, which would wait on the keyboard).
 */
export interface FollowUpCommand {
  (words: readonly string[]): string;
  readonly placeholder?: string;
}

export const DEFAULT_WIDTH = 120;

/** Without the CLI's context (tests), follow-ups name tolog alone. */
export function commandLine(options: RenderOptions, words: readonly string[]): string {
  return options.command ? options.command(words) : ["tolog", ...words].join(" ");
}

/** One follow-up of a block: its label (`next: `, `Example: `) and the words after `tolog`. */
export interface FollowUpLine {
  label: string;
  words: readonly string[];
}

/** One follow-up as lines (see `followUpLines`). */
export function commandLines(label: string, options: RenderOptions, words: readonly string[]): string[] {
  return followUpLines(options, [{ label, words }]);
}

/**
 * Follow-ups printed together (`next: <command>`), then the line saying what their placeholder
 * stands for, once. Each is whole when it fits or off a terminal; on a narrow terminal broken
 * between shell words with a continuation (` \`), so that the lines still run as one command when
 * pasted (an ink view would break it with a plain newline, and the paste would run half of it).
 */
export function followUpLines(options: RenderOptions, commands: readonly FollowUpLine[]): string[] {
  const lines = commands.flatMap(({ label, words }) => shellCommandLines(label, options, words));
  const placeholder = options.command?.placeholder;
  return placeholder === undefined || commands.length === 0 ? lines : [...lines, ...wrapLine(placeholder, options)];
}

function shellCommandLines(label: string, options: RenderOptions, words: readonly string[]): string[] {
  const whole = printable(`${label}${commandLine(options, words)}`);
  const width = options.width ?? DEFAULT_WIDTH;
  if (!options.wrap || textWidth(whole) <= width) return [whole];
  const lines: string[] = [];
  let current = "";
  for (const word of shellWords(whole)) {
    if (current !== "" && textWidth(`${current} ${word}`) > width - 2) {
      lines.push(`${current} \\`);
      current = `  ${word}`;
    } else current = current === "" ? word : `${current} ${word}`;
  }
  lines.push(current);
  return lines;
}

/** The command split at the spaces outside single quotes (tolog quotes as a POSIX shell reads). */
function shellWords(command: string): string[] {
  const words: string[] = [];
  let word = "";
  let quoted = false;
  for (let i = 0; i < command.length; i++) {
    const ch = command[i];
    if (ch === " " && !quoted) {
      if (word !== "") words.push(word);
      word = "";
      continue;
    }
    if (ch === "\\" && !quoted && i + 1 < command.length) {
      word += ch + command[++i];
      continue;
    }
    if (ch === "'") quoted = !quoted;
    word += ch;
  }
  if (word !== "") words.push(word);
  return words;
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
