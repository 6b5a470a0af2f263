import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import type { QueryResult } from "../../engine/api.js";
import { statsShape } from "../../engine/stats-shape.js";
import { textWidth } from "../text-width.js";
import { MAX_SERIES, NotChartable, panelsOfResult } from "./from-result.js";
import { renderPanels } from "./render-chart.js";
import { formatValue, niceTicks, unitOfColumn } from "./units.js";
import { timeLabel, timeTicks } from "./time-ticks.js";

const T0 = Date.UTC(2026, 10, 21, 20, 21, 0);
const at = (i: number) => new Date(T0 + i * 10_000).toISOString().replace("T", " ").replace("Z", "");

function result(fields: string[], rows: Record<string, string>[]): QueryResult {
  return { status: "Complete", fields, rows, statistics: { recordsScanned: 0, recordsMatched: 0, bytesScanned: 0 } };
}

const byRoute = result(
  ["bin(10s)", "route", "p95"],
  [0, 1, 2, 3].flatMap((i) => [
    { "bin(10s)": at(i), route: "/a", p95: String(100 + i * 300) },
    { "bin(10s)": at(i), route: "/b", p95: String(50 + i * 10) },
  ]),
);
const query = "filter event = 'x' | stats pct(duration_ms, 95) as p95 by bin(10s), route";

describe("panelsOfResult", () => {
  it("one panel per aggregate, one series per group, points in time order", () => {
    const panels = panelsOfResult(byRoute, statsShape(query));
    expect(panels).toHaveLength(1);
    expect(panels[0].series.map((s) => s.label)).toEqual(["/a", "/b"]);
    expect(panels[0].series[0].points).toEqual([0, 1, 2, 3].map((i) => [T0 + i * 10_000, 100 + i * 300]));
  });

  it("reads the columns from the values when a later command renamed them", () => {
    const renamed = result(["t", "route", "ms"], byRoute.rows.map((row) => ({ t: row["bin(10s)"], route: row.route, ms: row.p95 })));
    const panels = panelsOfResult(renamed, statsShape(query + " | fields `bin(10s)` as t, route, p95 as ms"));
    expect(panels.map((p) => p.title)).toEqual(["ms"]);
    expect(panels[0].series).toHaveLength(2);
  });

  it("draws the heaviest series and counts the rest", () => {
    const rows = Array.from({ length: MAX_SERIES + 3 }, (_, g) => ({ "bin(10s)": at(0), route: `/r${g}`, p95: String(g) }));
    const [panel] = panelsOfResult(result(["bin(10s)", "route", "p95"], rows), statsShape(query));
    expect(panel.series).toHaveLength(MAX_SERIES);
    expect(panel.hidden).toBe(3);
    expect(panel.series.map((s) => s.label)).not.toContain("/r0");
  });

  it("refuses a stats without a time bin, saying what to add", () => {
    const plain = result(["route", "n"], [{ route: "/a", n: "3" }]);
    expect(() => panelsOfResult(plain, statsShape("stats count(*) as n by route"))).toThrow(NotChartable);
    expect(() => panelsOfResult(plain, undefined)).toThrow(/no column of this result holds times/);
  });
});

describe("renderPanels", () => {
  const panels = panelsOfResult(byRoute, statsShape(query));
  const plain = new Chalk({ level: 0 });

  it("fits 80 columns, with a title, axes at round values and a legend", () => {
    const text = renderPanels(panels, { width: 80, color: false, chalk: plain });
    for (const line of text.split("\n")) expect(textWidth(line)).toBeLessThanOrEqual(80);
    expect(text).toContain("p95");
    expect(text).toMatch(/1 s┤/);
    expect(text).toMatch(/0 ms┤/);
    expect(text).toContain("20:21:10");
    expect(text).toMatch(/━━ \/a {3}\*\* \/b/);
  });

  it("without colour, no escape codes and a marker per series; with colour, ANSI colours", () => {
    const bare = renderPanels(panels, { width: 80, color: false, chalk: plain });
    expect(bare).not.toMatch(/\x1b\[/);
    expect(bare).toContain("*");
    const coloured = renderPanels(panels, { width: 80, color: true, chalk: new Chalk({ level: 1 }) });
    expect(coloured).toMatch(/\x1b\[36m/);
  });

  it("stays inside narrow and wide terminals", () => {
    for (const width of [40, 60, 120]) {
      const text = renderPanels(panels, { width, color: false, chalk: plain });
      expect(Math.max(...text.split("\n").map(textWidth))).toBeLessThanOrEqual(width);
    }
  });

  it("a bar chart of several series draws one panel each", () => {
    const text = renderPanels(panels, { width: 80, color: false, chalk: plain, mode: "bar" });
    expect(text).toContain("p95: /a");
    expect(text).toContain("p95: /b");
    expect(text).toContain("█");
  });

  it("says when a panel has no data", () => {
    expect(renderPanels([{ title: "n", unit: "count", series: [] }], { width: 80, color: false, chalk: plain })).toContain("no data");
  });
});

describe("a result of one bin", () => {
  const plain = new Chalk({ level: 0 });
  const axisLabels = (text: string) => text.trimEnd().split("\n").at(-1)!.trim().split(/\s+/);
  const oneBin = (field: string) => result([field, "n"], [{ [field]: at(0), n: "7" }]);

  it("spans the bin's width on the time axis, from its start to the next bin's", () => {
    const panels = panelsOfResult(oneBin("bin(5m)"), statsShape("stats count(*) as n by bin(5m)"));
    expect(panels[0].binMs).toBe(300_000);
    const labels = axisLabels(renderPanels(panels, { width: 80, color: false, chalk: plain }));
    expect(labels[0]).toBe("20:21");
    expect(labels.at(-1)).toBe("20:26");
  });

  it("draws one bar in a bar chart (it drew a second at the bin's end)", () => {
    const panels = panelsOfResult(oneBin("bin(5m)"), statsShape("stats count(*) as n by bin(5m)"));
    const text = renderPanels(panels, { width: 80, color: false, chalk: plain, mode: "bar" });
    const columns = new Set(text.split("\n").flatMap((line) => [...line].flatMap((c, i) => (c === "█" ? [i] : []))));
    expect(columns.size).toBe(1);
    expect(axisLabels(text)[0]).toBe("20:21");
  });

  it("marks only its start when the width is not known (a month, or columns read from the values)", () => {
    const month = panelsOfResult(oneBin("bin(1mon)"), statsShape("stats count(*) as n by bin(1mon)"));
    expect(month[0].binMs).toBeUndefined();
    expect(axisLabels(renderPanels(month, { width: 80, color: false, chalk: plain }))).toEqual(["20:21:00"]);
  });
});

describe("axes", () => {
  it("units from column names", () => {
    expect(unitOfColumn("pct(duration_ms, 95)")).toBe("ms");
    expect(unitOfColumn("p95_ms")).toBe("ms");
    expect(unitOfColumn("count(*)")).toBe("count");
    expect(unitOfColumn("sum(bytes)")).toBe("bytes");
    expect(unitOfColumn("avg(x)")).toBe("none");
  });

  it("values and ticks", () => {
    expect(formatValue(1500, "ms")).toBe("1.5 s");
    expect(formatValue(250, "ms")).toBe("250 ms");
    expect(formatValue(12_500, "count")).toBe("12.5k");
    expect(niceTicks(3, 1970, 4)).toEqual([0, 500, 1000, 1500, 2000]);
    const { ticks, stepMs } = timeTicks(T0, T0 + 120_000, 5);
    expect(stepMs).toBe(30_000);
    expect(ticks.map((t) => timeLabel(t, stepMs, 120_000))).toEqual(["20:21:00", "20:21:30", "20:22:00", "20:22:30", "20:23:00"]);
  });
});
