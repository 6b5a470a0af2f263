import { FieldCounter } from "../engine/field-shares.js";
import type { Operation } from "./context.js";
import { groupNotFound } from "./errors.js";
import { groupOf, optionalNumber } from "./params.js";

/** Searched either side of `time`; without it, this long up to now (as GetLogGroupFields). */
const AROUND_MS = 8 * 60_000;
const RECENT_MS = 15 * 60_000;

/**
 * GetLogGroupFields: the group's fields with the whole percent of events that have each, over
 * the events of the 8 minutes either side of `time` (epoch seconds) or of the last 15 minutes,
 * found by the engine's own discovery (engine/field-shares.ts), so that they are the fields its
 * queries read; system fields first at 100, then by percent, then by name.
 */
export const getLogGroupFields: Operation = async (body, ctx) => {
  const name = groupOf(body)!;
  const time = optionalNumber(body, "time", 0);
  await ctx.store.sync();
  const group = ctx.store.group(name);
  if (!group) throw groupNotFound();
  const [from, to] = time === undefined ? [ctx.now() - RECENT_MS, ctx.now()] : [time * 1000 - AROUND_MS, time * 1000 + AROUND_MS];
  const counter = new FieldCounter();
  for (const stream of group.streams.values()) {
    for (const event of stream.lines) {
      if (!event || event.timestamp < from || event.timestamp > to) continue;
      counter.add({ timestamp: event.timestamp, ingestionTime: event.ingestionTime, message: event.message, logGroup: name, logStream: stream.name, ptr: "" });
    }
  }
  return { logGroupFields: counter.shares() };
};
