import { textWidth } from "./text-width.js";

/**
 * A boxed table of one-line cells that already fit their columns, drawn as cli-table3 draws it
 * with `compact` style, no colours of its own and one space of padding (boxed-table.test.ts
 * checks that, byte for byte): a header, a rule, then one line per row. cli-table3 lays out
 * every cell for spans and wrapping, setting each of its options per cell and checking each
 * cell against the rows above it: a 50-row trace took 180 million instructions to draw (half
 * of what the whole lookup of a request over 10 GB takes) and 3,000 rows 0.8 s. Widths are
 * columns of text, without the padding; a cell's width is measured without its ANSI codes.
 */
/** The SGR codes chalk styles cells with (content itself has its control characters escaped: printable.ts). */
const SGR = /\x1b\[[0-9;]*m/g;

const visibleWidth = (text: string): number => textWidth(text.includes("\x1b") ? text.replace(SGR, "") : text);

export function drawBoxedTable(head: readonly string[], rows: ReadonlyArray<readonly string[]>, widths: readonly number[], rightAligned: readonly boolean[]): string {
  const rule = (left: string, mid: string, right: string): string => left + widths.map((w) => "─".repeat(w + 2)).join(mid) + right;
  const line = (cells: readonly string[]): string =>
    "│" +
    widths
      .map((w, i) => {
        const text = cells[i] ?? "";
        const pad = " ".repeat(Math.max(0, w - visibleWidth(text)));
        return " " + (rightAligned[i] ? pad + text : text + pad) + " ";
      })
      .join("│") +
    "│";
  const lines = [rule("┌", "┬", "┐"), line(head)];
  if (rows.length > 0) lines.push(rule("├", "┼", "┤"));
  for (const row of rows) lines.push(line(row));
  lines.push(rule("└", "┴", "┘"));
  return lines.join("\n");
}
