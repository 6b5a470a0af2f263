import { expect, test } from "vitest";
import { compilePlan, readOptionsFor } from "../run.js";
import { runPart } from "./part.js";
import type { LogEvent, ReadPart } from "../source.js";
import type { TimeFloor } from "../commands/stage.js";

const T0 = Date.UTC(2026, 10, 21);

/**
 * The threads' shared floor as another thread moves it: not yet raised while this part reads,
 * raised past all of this part's rows as it ends (a worker's part, read in ascending time, whose
 * rows a newer part on another thread then outdates).
 */
class RaisedAtEnd implements TimeFloor {
  value = Number.NEGATIVE_INFINITY;
  get(): number {
    return this.value;
  }
  raise(): void {}
}

/** A part of `n` events 10 ms apart, after which the floor rises past them all. */
function ascendingPart(n: number, floor: RaisedAtEnd): ReadPart {
  return async function* () {
    for (let i = 0; i < n; i++) {
      const t = T0 + i * 10;
      yield { timestamp: t, ingestionTime: t, message: JSON.stringify({ n: i }), logGroup: "g", logStream: "s", ptr: `p${i}` } satisfies LogEvent;
    }
    floor.value = T0 + n * 10;
  };
}

test("rows of a part that the shared floor outdates count as cut by the row cap only where the cap keeps them", async () => {
  // 30 events: fewer than the part keeps, so only the floor leaves them out.
  for (const [text, events, capped] of [
    ["fields @timestamp, n | limit 50", 200, false],
    ["fields @timestamp, n", 200, true],
    ["fields @timestamp, n", 30, true],
  ] as const) {
    const { plan } = compilePlan(text, { now: T0, limit: 50 });
    expect(plan.partial).toMatchObject({ kind: "top", newestFirst: true });
    const floor = new RaisedAtEnd();
    const result = await runPart(plan, ascendingPart(events, floor), undefined, readOptionsFor(plan, {}), () => {}, floor);
    expect({ text, events, sent: result.rows?.length, capped: result.capped }).toEqual({ text, events, sent: 0, capped });
  }
});
