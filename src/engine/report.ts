import { Chalk } from "chalk";
import type { Diagnostic } from "./diagnostics.js";

export interface RenderOptions {
  /** Colour the output (the caller decides: a TTY and no NO_COLOR). */
  color: boolean;
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
        `${chalk.red.bold(`error[${diagnostic.code}]`)}${chalk.bold(`: ${diagnostic.message}`)}`,
        `${gutter}${chalk.blue("-->")} ${first + 1}:${start - lineStarts[first] + 1}`,
        `${gutter} ${chalk.blue("|")}`,
      ];
      for (let index = first; index <= last; index++) {
        const line = lines[index].replace(/\t/g, " ");
        const from = index === first ? start - lineStarts[index] : 0;
        const to = index === last ? Math.max(end - lineStarts[index], from + 1) : line.length;
        const number = String(index + 1).padStart(gutter.length);
        out.push(`${chalk.blue(`${number} |`)} ${line}`);
        out.push(`${gutter} ${chalk.blue("|")} ${" ".repeat(from)}${chalk.red("^".repeat(Math.max(1, to - from)))}`);
      }
      if (diagnostic.help !== undefined) out.push(`${gutter} ${chalk.blue("=")} ${chalk.bold("help")}: ${diagnostic.help}`);
      return out.join("\n");
    })
    .join("\n\n");
}
