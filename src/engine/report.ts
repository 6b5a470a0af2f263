import { Chalk } from "chalk";
import type { Diagnostic } from "./diagnostics.js";

export interface RenderOptions {
  /** Colour the output (the caller decides: a TTY and no NO_COLOR). */
  color: boolean;
  /** The widest excerpt line, gutter included (default 80; less where the caller indents the block). */
  width?: number;
}

/**
 * Renders diagnostics rustc-style, one block each, in the order given:
 *
 *     error[TL201]: unknown command "filtr"
 *      --> 1:1
 *       |
 *     1 | filtr x = 1
 *       | ^^^^^
 *       = help: did you mean "filter"?
 *
 * A span over several lines shows each of them underlined; an empty span (a missing token)
 * gets one caret where the token should be.
 */
/** The widest excerpt line (gutter included): a query of one 20,000-character line still fits a terminal. */
const EXCERPT_WIDTH = 80;

export function renderDiagnostics(text: string, diagnostics: Diagnostic[], options: RenderOptions): string {
  const chalk = new Chalk({ level: options.color ? 1 : 0 });
  const lines = text.split("\n");
  const lineStarts: number[] = [];
  let offset = 0;
  for (const line of lines) {
    lineStarts.push(offset);
    offset += line.length + 1;
  }
  const lineOf = (position: number): number => {
    let index = 0;
    while (index + 1 < lineStarts.length && lineStarts[index + 1] <= position) index++;
    return index;
  };

  return diagnostics
    .map((diagnostic) => {
      const { start, end } = diagnostic.span;
      const first = lineOf(start);
      const last = lineOf(Math.max(start, end - 1));
      const gutter = " ".repeat(String(last + 1).length);
      const out = [
        `${diagnostic.severity === "warning" ? chalk.yellow.bold(`warning[${diagnostic.code}]`) : chalk.red.bold(`error[${diagnostic.code}]`)}${chalk.bold(`: ${diagnostic.message}`)}`,
        `${gutter}${chalk.blue("-->")} ${first + 1}:${start - lineStarts[first] + 1}`,
        `${gutter} ${chalk.blue("|")}`,
      ];
      for (let index = first; index <= last; index++) {
        const whole = lines[index].replace(/\t/g, " ");
        const wholeFrom = index === first ? start - lineStarts[index] : 0;
        const wholeTo = index === last ? Math.max(end - lineStarts[index], wholeFrom + 1) : whole.length;
        const { line, from, to } = excerpt(whole, wholeFrom, wholeTo, (options.width ?? EXCERPT_WIDTH) - gutter.length - 3);
        const number = String(index + 1).padStart(gutter.length);
        out.push(`${chalk.blue(`${number} |`)} ${line}`);
        out.push(`${gutter} ${chalk.blue("|")} ${" ".repeat(from)}${(diagnostic.severity === "warning" ? chalk.yellow : chalk.red)("^".repeat(Math.max(1, to - from)))}`);
      }
      if (diagnostic.help !== undefined) out.push(`${gutter} ${chalk.blue("=")} ${chalk.bold("help")}: ${diagnostic.help}`);
      return out.join("\n");
    })
    .join("\n\n");
}

/**
 * At most `width` characters of `line` around the underlined `[from, to)`: the start of the
 * underline a third of the way in, `…` where text was left out; positions moved to match.
 */
function excerpt(line: string, from: number, to: number, width: number): { line: string; from: number; to: number } {
  // A caret may stand one past the end (a missing token at the end of the query).
  const length = Math.max(line.length, to);
  if (length <= width) return { line, from, to };
  const left = Math.max(0, Math.min(from - Math.floor(width / 3), length - width));
  let shown = line.slice(left, left + width);
  if (left > 0) shown = `…${shown.slice(1)}`;
  if (left + width < line.length) shown = `${shown.slice(0, -1)}…`;
  return { line: shown, from: from - left, to: Math.min(to - left, width) };
}
