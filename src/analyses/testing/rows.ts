import type { ResultRow } from "../../engine/api.js";
import { formatTime } from "../format.js";

/** Test support: a result row as `fields @timestamp, @message, @logStream, @log` returns it. */
export function row(fields: Record<string, unknown>, place: { stream?: string; group?: string } = {}): ResultRow {
  const time = typeof fields.timestamp === "string" ? Date.parse(fields.timestamp) : Number(fields.timestamp) * 1000;
  return {
    "@timestamp": formatTime(time),
    "@message": JSON.stringify(fields),
    "@logStream": place.stream ?? "ecs/taskoverflow/task-1",
    "@log": `123456789012:${place.group ?? "taskoverflow"}`,
  };
}

/** Test support: a TaskOverflow-schema line at `ms` after a fixed base time. */
export function toLine(ms: number, fields: Record<string, unknown>): ResultRow {
  return row({
    timestamp: new Date(Date.UTC(2026, 10, 21, 10, 0, 0) + ms).toISOString(),
    level: "info",
    service: "taskoverflow",
    instance: "host-a",
    version: "0.1.0",
    ...fields,
  });
}

/** Test support: the base time of toLine, epoch ms. */
export const BASE_TIME = Date.UTC(2026, 10, 21, 10, 0, 0);
