import { describe, expect, it } from "vitest";
import { SharedTimeFloor } from "./time-floor.js";
import { Pipeline } from "../commands/pipeline.js";
import { timeOrderStage } from "../commands/sort.js";
import { Row } from "../record.js";
import type { LogEvent } from "../source.js";

const event = (timestamp: number, message: string): LogEvent => ({ timestamp, ingestionTime: timestamp, message, logGroup: "g", logStream: "s", ptr: message });

describe("the default order's floor shared by the threads of a run in parts", () => {
  it("only rises, in whole milliseconds rounded down, and starts with none", () => {
    const floor = new SharedTimeFloor();
    expect(floor.get()).toBe(Number.NEGATIVE_INFINITY);
    floor.raise(1000.7);
    expect(floor.get()).toBe(1000);
    floor.raise(999);
    floor.raise(Number.NEGATIVE_INFINITY);
    floor.raise(Number.NaN);
    expect(floor.get()).toBe(1000);
    // Another thread's view of the same memory.
    new SharedTimeFloor(floor.buffer).raise(1_764_000_000_123);
    expect(floor.get()).toBe(1_764_000_000_123);
  });

  it.each(["one after another", "the last first", "in turns"])("gives, part by part (%s), the first rows one pipeline over every row gives", (how) => {
    // Parts read in ascending time, overlapping, with many ties on time, as files of one log group are.
    let seed = 11;
    const random = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2 ** 31), seed % n);
    const parts = [0, 1, 2, 3, 4].map((p) => {
      let t = 1_000_000 + random(300);
      // Runs of equal times; every part ends in the same last millisecond.
      return Array.from({ length: 3000 }, (_, i) => event(i >= 2950 ? 2_000_000 : (t += random(4) === 0 ? 1 : 0), `p${p}-${i}`));
    });
    for (const keep of [1, 7, 100, 2500]) {
      const whole = new Pipeline([timeOrderStage(keep)]);
      parts.flat().forEach((e, seq) => whole.push(new Row(e, seq)));
      const expected = whole.finish().map((r) => r.event!.message);

      // Each part through a pipeline of its own, made when the part starts (its rows numbered
      // after the earlier parts', as engine/parallel numbers them), all sharing one floor.
      const floor = new SharedTimeFloor();
      const results: Row[][] = [];
      if (how === "in turns") {
        const pipelines = parts.map(() => new Pipeline([timeOrderStage(keep)], { stop: false, floor }));
        for (let i = 0; i < 3000; i++) parts.forEach((part, p) => pipelines[p].push(new Row(part[i], p * 3000 + i)));
        for (const p of pipelines) results.push(p.finish());
      } else {
        // A later part may end before an earlier one: its floor then holds for rows that come
        // before its own in scan order, and win ties on time against them.
        const order = how === "the last first" ? [4, 3, 2, 1, 0] : [0, 1, 2, 3, 4];
        for (const p of order) {
          const pipeline = new Pipeline([timeOrderStage(keep)], { stop: false, floor });
          parts[p].forEach((e, i) => pipeline.push(new Row(e, p * 3000 + i)));
          results[p] = pipeline.finish();
        }
      }
      const merged = new Pipeline([timeOrderStage(keep)], { stop: false, floor });
      for (const rows of results) for (const row of rows) merged.push(row);
      expect({ keep, rows: merged.finish().map((r) => r.event!.message) }).toEqual({ keep, rows: expected });
      // The floor rose past the first rows of the last part: those were left out as they came.
      if (keep < 2500) expect(floor.get()).toBeGreaterThan(Math.min(...parts.map((part) => part[0].timestamp)));
    }
  });
});
