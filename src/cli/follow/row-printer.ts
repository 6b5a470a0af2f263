import type { ResultRow } from "../../engine/api.js";
import { renderCsv } from "../../output/csv.js";
import type { OutputFormat } from "../../output/formats.js";
import { renderNdjson } from "../../output/json.js";
import { printable } from "../../output/printable.js";
import { cutToWidth, textWidth } from "../../output/text-width.js";
import { isNumeric } from "../../output/display-number.js";
import type { HandlerContext } from "../context.js";

/** Gap between the columns of a followed table. */
const GAP = "  ";

/**
 * Rows of a streaming query printed as they arrive: ndjson one object per line, csv its header
 * once, a table as aligned lines under one header (a boxed table cannot grow). The table's widths
 * are those of the first rows; on a terminal, later values are cut to them (the last column
 * takes the rest of the width), elsewhere they are printed whole.
 */
export class RowPrinter {
  private widths: number[] | undefined;
  private headed = false;

  constructor(
    private readonly fields: readonly string[],
    private readonly format: OutputFormat,
    private readonly ctx: HandlerContext,
  ) {}

  print(rows: readonly ResultRow[]): void {
    if (rows.length === 0) return;
    const data = { fields: [...this.fields], rows: [...rows] };
    switch (this.format) {
      case "ndjson":
      case "json":
        this.ctx.print(renderNdjson(data).trimEnd());
        return;
      case "csv": {
        const text = renderCsv(data);
        this.ctx.print((this.headed ? text.slice(text.indexOf("\r\n") + 2) : text).replace(/\r\n$/, ""));
        this.headed = true;
        return;
      }
      case "table":
        this.table(rows);
    }
  }

  private table(rows: readonly ResultRow[]): void {
    const cells = rows.map((row) => this.fields.map((field) => printable(row[field] ?? "")));
    if (!this.widths) {
      const widths = this.fields.map((field, i) => Math.max(textWidth(field), ...cells.map((row) => textWidth(row[i]))));
      if (this.ctx.io.isTTY) fitTo(widths, this.ctx.io.columns ?? 80);
      this.widths = widths;
      this.ctx.print(this.ctx.chalk.bold(this.line(this.fields.map((field) => field))));
    }
    this.ctx.print(cells.map((row) => this.line(row)).join("\n"));
  }

  private line(values: readonly string[]): string {
    const widths = this.widths!;
    const cut = this.ctx.io.isTTY;
    return values
      .map((value, i) => {
        const text = cut ? cutToWidth(value, widths[i]) : value;
        const pad = " ".repeat(Math.max(0, widths[i] - textWidth(text)));
        if (i === values.length - 1) return isNumeric(text) ? pad + text : text;
        return isNumeric(text) ? pad + text : text + pad;
      })
      .join(GAP);
  }
}

/** Narrows columns until the line fits: the last one (often @message or @ptr) first, then the widest; none below 8. */
function fitTo(widths: number[], total: number): void {
  const used = (): number => widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  while (used() > total) {
    const last: number = widths.length - 1;
    const i: number = widths[last] > 12 ? last : widths.indexOf(Math.max(...widths));
    if (widths[i] <= 8) return;
    widths[i] = Math.max(8, widths[i] - (used() - total));
  }
}
