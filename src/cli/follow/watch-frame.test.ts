import { readFileSync } from "node:fs";
import { gunzipSync } from "node:zlib";
import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { normaliseRows } from "../../analyses/events.js";
import { WatchModel } from "../../analyses/watch/model.js";
import { renderWatch } from "../../analyses/watch/render.js";
import { screenBody } from "./snapshots.js";

/**
 * The frame `tolog watch` shows on a terminal, as the live screen cuts it: a short terminal
 * leaves the p95 chart out to keep the figures and the next command, and says so.
 */
const lines = gunzipSync(readFileSync("fixtures/runs/course-bugs/service.log.jsonl.gz")).toString("utf8").split("\n").filter((line) => line !== "").slice(0, 20_000);
const rows = lines.map((line, i) => ({ "@timestamp": JSON.parse(line).timestamp.replace("T", " ").replace("Z", ""), "@message": line, "@ptr": String(i) }));
const model = new WatchModel({ windowMs: 60_000, binMs: 5_000 });
model.push(normaliseRows(rows).events);
const snapshot = model.snapshot();
const command = (words: readonly string[]) => ["npx", "tolog", ...words, "--logs", "service.log"].join(" ");

function frame(columns: number, rowsOnScreen: number): string[] {
  return screenBody((width, height) => renderWatch(snapshot, { chalk: new Chalk({ level: 0 }), width, height, wrap: true, command }), columns, rowsOnScreen).split("\n");
}

describe("tolog watch on a terminal", () => {
  it("at 80x24 leaves the chart out and says so in the frame, with the rows it needs", () => {
    const shown = frame(80, 24);
    expect(shown.length).toBeLessThanOrEqual(21);
    expect(shown.join("\n")).not.toMatch(/p95 per route, 5\.00 s bins/);
    // The next command is whole, and the line after it says where the chart went.
    expect(shown.some((line) => line.startsWith("next: npx tolog trace "))).toBe(true);
    const note = shown.find((line) => line.startsWith("p95 chart left out"));
    expect(note).toMatch(/^p95 chart left out: it needs (\d+) more rows \(or tolog latency --by-time 5s --chart\)$/);
    for (const line of shown) expect(line.length).toBeLessThanOrEqual(80);
    // That many more rows, and the chart is there.
    const more = Number(/(\d+) more rows/.exec(note!)![1]);
    expect(frame(80, 24 + more).join("\n")).toMatch(/p95 per route, 5\.00 s bins/);
    expect(frame(80, 24 + more - 1).join("\n")).not.toMatch(/p95 per route, 5\.00 s bins/);
  });

  it("at 80x40 draws the chart, and says nothing is left out", () => {
    const shown = frame(80, 40);
    expect(shown.length).toBeLessThanOrEqual(37);
    expect(shown.join("\n")).toMatch(/p95 per route, 5\.00 s bins/);
    expect(shown.join("\n")).not.toMatch(/left out/);
  });
});
