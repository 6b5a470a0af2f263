import { expect, test } from "vitest";
import { runQuery } from "./index.js";
import type { EventSource, LogEvent } from "./source.js";
import { YIELD_EVERY_EVENTS } from "./breather.js";

/**
 * A source whose events are in memory resolves every read at once; the scan must still let the
 * event loop turn (tolog serve answers PutLogEvents and StopQuery meanwhile). Counted in events,
 * not time: a callback queued when the scan starts has run before it is far along.
 */
test("a scan of events already in memory lets the event loop turn every YIELD_EVERY_EVENTS events", async () => {
  let turned = false;
  let turnedEarly: boolean | undefined;
  const source: EventSource = {
    listGroups: async () => ["g"],
    async *read(_options, stats) {
      setImmediate(() => (turned = true));
      for (let i = 0; i < 5 * YIELD_EVERY_EVENTS; i++) {
        if (i === 2 * YIELD_EVERY_EVENTS) turnedEarly = turned;
        stats.recordsScanned++;
        yield { timestamp: i, ingestionTime: i, message: `{"n":${i}}`, logGroup: "g", logStream: "s", ptr: String(i) } satisfies LogEvent;
      }
    },
    getRecord: async () => undefined,
  };
  const result = await runQuery("stats count(*) as n", source);
  expect(result.rows).toEqual([{ n: String(5 * YIELD_EVERY_EVENTS) }]);
  expect(turnedEarly).toBe(true);
});
