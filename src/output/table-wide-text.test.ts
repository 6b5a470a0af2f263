import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { renderTable } from "./table.js";
import { textWidth } from "./text-width.js";

const plain = new Chalk({ level: 0 });

/** One row of `@timestamp`, `wide` and `@ptr`, fitted to 80 columns. */
function fitted(wide: string) {
  const data = {
    fields: ["@timestamp", "wide", "@ptr"],
    rows: [{ "@timestamp": "2026-11-21 20:22:00.162", wide, "@ptr": "wEmv5mrrImo0" }],
  };
  return renderTable(data, { chalk: plain, maxWidth: 80 });
}

// Free text is told by the columns it takes, not by its UTF-16 length: 32 CJK characters take
// 64 columns and must be cut like 64 ASCII characters, not kept whole (and then left out).
describe("table: wide characters without spaces", () => {
  const cases: [string, string][] = [
    ["CJK", "日本語の文字列".repeat(4) + "日本語の"],
    ["emoji", "👍".repeat(20)],
    ["ZWJ emoji", "👨‍👩‍👧".repeat(20)],
    ["combining marks", "e\u0301".repeat(70)],
    ["fullwidth forms", "ｗｉｄｅ".repeat(8)],
    ["ASCII", "x".repeat(70)],
  ];
  for (const [name, wide] of cases) {
    it(`cuts ${name} text with an ellipsis rather than leaving the column out`, () => {
      const { text, dropped } = fitted(wide);
      expect(dropped).not.toContain("wide");
      const lines = text.trimEnd().split("\n");
      for (const line of lines) expect(textWidth(line)).toBeLessThanOrEqual(80);
      const widths = new Set(lines.map(textWidth));
      expect(widths.size, "every line as wide as the others").toBe(1);
      expect(text).toContain("2026-11-21 20:22:00.162");
      // 80 columns less borders (3 a column, plus 1), the timestamp (23) and @ptr (12) leave 35.
      if (textWidth(wide) > 35) expect(text).toContain("…");
      else expect(text).toContain(wide);
    });
  }

  it("keeps short wide labels whole", () => {
    const { text, dropped } = fitted("日本語");
    expect(dropped).toEqual([]);
    expect(text).toContain("│ 日本語 │");
  });
});
