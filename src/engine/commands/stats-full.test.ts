import { describe, expect, test } from "vitest";
import { compilePlan, runQuery } from "../run.js";
import { createMemorySource } from "../../sources/memory.js";
import { Row } from "../record.js";
import { Collector, type Stage } from "./stage.js";
import { limitStage } from "./limit.js";

const events = Array.from({ length: 10 }, (_, i) => ({ timestamp: i, message: JSON.stringify({ k: `key${i}` }) }));

describe("a stats whose next step is full", () => {
  test("makes no more rows once that step has left one out", () => {
    const { plan } = compilePlan("stats count(*) as n by k", { now: 0 });
    const at = plan.partial!.at;
    const taken: unknown[] = [];
    let offered = 0;
    // A step that takes three rows, is told of the fourth, and is full from then on.
    const next: Stage = {
      push: (row) => {
        if (++offered <= 3) taken.push(row.get("k"));
      },
      end: () => {},
      full: () => offered > 3,
    };
    const stats = plan.stages[at].create(next, { stop: false });
    for (const [seq, event] of events.entries()) {
      const row = new Row(null, seq);
      row.set("k", JSON.parse(event.message).k);
      stats.push(row);
    }
    stats.end();
    expect(taken).toEqual(["key0", "key1", "key2"]);
    expect(offered).toBe(4);
  });

  test("with a limit after it, tells the limit of one row cut, not of every group past it", () => {
    const { plan } = compilePlan("stats count(*) as n by k", { now: 0 });
    let cuts = 0;
    const sink = new Collector();
    const limit = limitStage(3, false, () => cuts++).create(sink, { stop: false });
    const stats = plan.stages[plan.partial!.at].create(limit, { stop: false });
    for (const [seq, event] of events.entries()) {
      const row = new Row(null, seq);
      row.set("k", JSON.parse(event.message).k);
      stats.push(row);
    }
    stats.end();
    expect(sink.rows.map((row) => row.get("k"))).toEqual(["key0", "key1", "key2"]);
    expect(cuts).toBe(1);
  });

  test("still says the row cap cut rows, and gives the first groups", async () => {
    const result = await runQuery("stats count(*) as n by k", createMemorySource(events), { limit: 3 });
    expect(result.rows.map((r) => r.k)).toEqual(["key0", "key1", "key2"]);
    expect(result.truncated).toEqual({ rowCap: 3 });
  });
});
