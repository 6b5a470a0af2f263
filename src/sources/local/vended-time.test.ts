import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { runQuery } from "../../engine/index.js";
import { openLocalSource, readPart } from "./index.js";
import { ms, readAll, TempDir } from "./test/helpers.js";

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.cleanup());

const MTIME = ms("2030-01-01T00:00:00.000Z");
const vpc = (start: number, bytes: number) => `2 123456789010 eni-0a1b2c3d 10.0.1.5 10.0.2.9 443 49152 6 12 ${bytes} ${start} ${start + 60} ACCEPT OK`;
const route53 = (iso: string, name: string) => `1.0 ${iso} Z123412341234 ${name} A NOERROR UDP FRA6-C1 192.0.2.1 -`;

describe("the time of an AWS log's text line is the one CloudWatch gives its event", () => {
  it("a VPC flow record (default format) takes its start time; a line that almost matches takes the time before it", async () => {
    const nearMiss = "2 123456789010 eni-0a1b2c3d 10.0.1.5 10.0.2.9 443 49152 6 12 3400 1795168800 ACCEPT OK";
    dir.write("flows/eni.log", [vpc(1795168800, 100), vpc(1795172400, 200), nearMiss, "2 123456789010 eni-0a1b2c3d - - - - - - - 1795176000 1795176060 - NODATA"].join("\n") + "\n", { mtime: MTIME });
    const { events } = await readAll([dir.path("flows")]);
    expect(events.map((e) => e.timestamp)).toEqual([1795168800_000, 1795172400_000, 1795172400_000, 1795176000_000]);
    const result = await runQuery("stats sum(bytes) as b by bin(1h)", openLocalSource([dir.path("flows")]), { onWarning: () => {} });
    expect(result.rows).toEqual([
      { "bin(1h)": "2026-11-20 12:00:00.000" },
      { "bin(1h)": "2026-11-20 11:00:00.000", b: "200" },
      { "bin(1h)": "2026-11-20 10:00:00.000", b: "100" },
    ]);
  });

  it("a Route 53 query log line takes its query time", async () => {
    dir.write("dns/edge.log", [route53("2026-11-20T10:00:01.250Z", "a.example.com"), route53("2026-11-20T11:30:00.000Z", "b.example.com")].join("\n") + "\n", { mtime: MTIME });
    const { events } = await readAll([dir.path("dns")]);
    expect(events.map((e) => e.timestamp)).toEqual([ms("2026-11-20T10:00:01.250Z"), ms("2026-11-20T11:30:00.000Z")]);
    const result = await runQuery("stats count(*) by queryName, bin(1h)", openLocalSource([dir.path("dns")]), { start: ms("2026-11-20T11:00:00.000Z") });
    expect(result.rows).toEqual([{ queryName: "b.example.com", "bin(1h)": "2026-11-20 11:00:00.000", "count(*)": "1" }]);
  });

  it("other space-separated lines keep the file's time", async () => {
    dir.write("other/x.log", ["2 apples and 12 other words that are not a flow record at all 1795168800 x", "1.0 not-a-time Z1 a b c d e f g"].join("\n") + "\n", { mtime: MTIME });
    const { events } = await readAll([dir.path("other")]);
    expect(events.map((e) => e.timestamp)).toEqual([MTIME, MTIME]);
  });

  it("read in parts, an untimed line takes the time of the record before it, whichever part it falls in", async () => {
    const lines = Array.from({ length: 3000 }, (_, n) => (n % 3 === 2 ? `untimed ${n}` : vpc(1795168800 + n * 60, n)));
    dir.write("part/eni.log", lines.join("\n") + "\n", { mtime: MTIME });
    const split = (await openLocalSource([dir.path("part")]).split!(() => [1, 1, 1]))!;
    expect(split.parts.length).toBe(3);
    const got: [string, number][] = [];
    for (const part of split.parts) for await (const e of readPart(part, {}, { recordsScanned: 0, bytesScanned: 0 }, () => {})) got.push([e.message, e.timestamp]);
    await split.finish?.();
    expect(got).toEqual(lines.map((line, n) => [line, (1795168800 + (n % 3 === 2 ? n - 1 : n) * 60) * 1000]));
  });
});
