import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { ms, readAll, TempDir } from "./test/helpers.js";

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.cleanup());

const MTIME = ms("2025-03-04T05:06:07.000Z");

describe("JSON lines written by a service", () => {
  it("keeps the line as @message and takes @timestamp from the TaskOverflow ISO timestamp", async () => {
    const line = '{"timestamp":"2026-11-21T10:00:00.123Z","level":"info","event":"request_started","request_id":"r-1"}';
    dir.write("taskoverflow/i-1.jsonl", line + "\n", { mtime: MTIME });
    const { events } = await readAll([dir.path()]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      message: line,
      timestamp: ms("2026-11-21T10:00:00.123Z"),
      ingestionTime: ms("2026-11-21T10:00:00.123Z"),
      logGroup: "taskoverflow",
      logStream: "i-1",
    });
  });

  it.each([
    ["epoch seconds with a fraction (StructuredFormatter)", '{"timestamp":1713517200.123,"message":"x"}', 1713517200123],
    ["epoch milliseconds (pino's time)", '{"level":30,"time":1713517200123,"msg":"x"}', 1713517200123],
    ["whole epoch seconds", '{"ts":1713517200}', 1713517200000],
    ["an epoch number in a string", '{"ts":"1713517200.5"}', 1713517200500],
    ["@timestamp before timestamp", '{"timestamp":"2020-01-01T00:00:00Z","@timestamp":"2024-04-19T09:00:00.123Z"}', 1713517200123],
    ["@timestamp after other @ signs", '{"user":"a@b.c","@x":1,"@timestamp":"2024-04-19T09:00:00.123Z"}', 1713517200123],
    ["timestamp before time", '{"time":1,"timestamp":"2024-04-19T09:00:00.123Z"}', 1713517200123],
    ["an ISO time with an offset", '{"time":"2024-04-19T11:00:00.123+02:00"}', 1713517200123],
    ["an ISO time with a space and a comma", '{"ts":"2024-04-19 09:00:00,123"}', 1713517200123],
    ["the next key when a time key does not read as a time", '{"timestamp":"soon","ts":1713517200123}', 1713517200123],
    ["spaces around the colon", '{ "timestamp" : "2024-04-19T09:00:00.123Z" }', 1713517200123],
  ])("reads %s", async (_name, line, expected) => {
    dir.write("g/s.jsonl", line + "\n", { mtime: MTIME });
    const { events } = await readAll([dir.path()]);
    expect(events.map((e) => e.timestamp)).toEqual([expected]);
  });

  it.each([
    ["no time key", '{"level":"info","msg":"x"}'],
    ["a time key only inside a nested object", '{"ctx":{"timestamp":"2020-01-01T00:00:00Z"},"msg":"x"}'],
    ["a time key name only inside a string", '{"msg":"the \\"timestamp\\": 2020-01-01T00:00:00Z"}'],
  ])("falls back to the file's modification time with %s", async (_name, line) => {
    dir.write("g/s.jsonl", line + "\n", { mtime: MTIME });
    const { events } = await readAll([dir.path()]);
    expect(events.map((e) => e.timestamp)).toEqual([MTIME]);
  });

  it("takes the odd plain line of a JSON file as text, with the time of the line before when it has none", async () => {
    dir.write("g/s.jsonl", '{"ts":1713517200123}\n2024-04-19T09:00:01Z panic: boom\nno time here\n', { mtime: MTIME });
    const { events } = await readAll([dir.path()]);
    expect(events.map((e) => [e.message, e.timestamp])).toEqual([
      ['{"ts":1713517200123}', 1713517200123],
      ["2024-04-19T09:00:01Z panic: boom", 1713517201000],
      ["no time here", 1713517201000],
    ]);
  });
});

describe("plain text", () => {
  it("takes a leading ISO time, else the time of the line before, and keeps the whole line", async () => {
    dir.write("app/web.log", "2024-04-19T09:00:00.123Z INFO started\r\n\n   \nplain line\n", { mtime: MTIME });
    const { events } = await readAll([dir.path("app/web.log")]);
    expect(events.map((e) => [e.message, e.timestamp])).toEqual([
      ["2024-04-19T09:00:00.123Z INFO started", 1713517200123],
      ["plain line", 1713517200123],
    ]);
  });

  it("takes the modification time only when no line of the file has a time", async () => {
    dir.write("app/web.log", "one\ntwo\n", { mtime: MTIME });
    const { events } = await readAll([dir.path("app/web.log")]);
    expect(events.map((e) => [e.message, e.timestamp])).toEqual([
      ["one", MTIME],
      ["two", MTIME],
    ]);
  });
});

describe("CloudWatch event envelopes", () => {
  it("takes message, times, group and stream from the envelope", async () => {
    const envelope = {
      timestamp: 1713517200123,
      ingestionTime: 1713517201000,
      logGroupName: "/aws/lambda/orders",
      logStreamName: "2024/04/19/[$LATEST]abc",
      message: '{"event":"db_query","sql":"SELECT \\"x\\""}\n',
      eventId: "1",
    };
    dir.write("elsewhere/s.jsonl", JSON.stringify(envelope) + "\n");
    const { events, stats } = await readAll([dir.path()]);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      message: envelope.message,
      timestamp: envelope.timestamp,
      ingestionTime: envelope.ingestionTime,
      logGroup: "/aws/lambda/orders",
      logStream: "2024/04/19/[$LATEST]abc",
    });
    expect(stats).toEqual({ recordsScanned: 1, bytesScanned: Buffer.byteLength(envelope.message) });
  });

  it("names group and stream after the path when the envelope does not", async () => {
    dir.write("%2Faws%2Flambda%2Fx/s%2F1.jsonl", JSON.stringify({ timestamp: 1713517200123, message: "hi", eventId: "e" }) + "\n");
    const { events } = await readAll([dir.path()]);
    expect(events.map((e) => [e.logGroup, e.logStream, e.ingestionTime])).toEqual([["/aws/lambda/x", "s/1", 1713517200123]]);
  });

  it("does not mistake a service line with timestamp and message for an envelope", async () => {
    const line = '{"timestamp":1713517200.123,"message":"hello","level":"info"}';
    dir.write("g/s.jsonl", line + "\n");
    const { events } = await readAll([dir.path()]);
    expect(events.map((e) => [e.message, e.timestamp])).toEqual([[line, 1713517200123]]);
  });
});

describe("CloudWatch exports to S3", () => {
  it("takes the time from the prefix and the rest as @message, in a gzip file", async () => {
    dir.write("export/task/stream/000000.gz", "2024-05-19T06:10:16.682Z first event\n2024-05-19T06:10:17.000Z {\"a\":1}\n", {
      gzip: true,
    });
    const { events } = await readAll([dir.path("export")]);
    expect(events.map((e) => [e.message, e.timestamp])).toEqual([
      ["first event", ms("2024-05-19T06:10:16.682Z")],
      ['{"a":1}', ms("2024-05-19T06:10:17.000Z")],
    ]);
  });
});
