import type { TimeWindow } from "../time-slices.js";
import type { TodoLifecycle } from "./model.js";

/** One minute of the range. */
export interface TimelineBin {
  /** Start of the minute, epoch ms. */
  start: number;
  creates: number;
  deletes: number;
  /** Todos created in this minute that were never deleted. */
  orphans: number;
}

const MINUTE = 60_000;

/** Creates, deletes and orphans per minute, every minute of the range (empty ones included). */
export function buildTimeline(todos: readonly TodoLifecycle[], window?: TimeWindow): TimelineBin[] {
  const times = todos.flatMap((todo) => [todo.createdAt, ...todo.deletes.map((attempt) => attempt.at)]);
  if (times.length === 0 && !window) return [];
  const first = Math.floor(times.reduce((min, time) => Math.min(min, time), window?.start ?? Infinity) / MINUTE) * MINUTE;
  const last = times.reduce((max, time) => Math.max(max, time), window?.end ?? -Infinity);
  const bins: TimelineBin[] = [];
  for (let start = first; start <= last; start += MINUTE) bins.push({ start, creates: 0, deletes: 0, orphans: 0 });
  const at = (time: number) => bins[Math.floor((time - first) / MINUTE)];
  for (const todo of todos) {
    at(todo.createdAt).creates++;
    if (todo.outcome === "orphaned") at(todo.createdAt).orphans++;
    const deleted = todo.deletes.find((attempt) => attempt.result === "deleted");
    if (deleted) at(deleted.at).deletes++;
  }
  return bins;
}
