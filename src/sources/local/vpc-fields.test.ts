import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { RunOptions } from "../../engine/api.js";
import { runQuery } from "../../engine/run.js";
import { vpcLineMaker } from "../../engine/test/vpc-lines.js";
import { createMemorySource } from "../memory.js";
import { openLocalSource } from "./index.js";
import { readAll, TempDir } from "./test/helpers.js";

let dir: TempDir;
beforeEach(() => {
  dir = new TempDir();
});
afterEach(() => dir.cleanup());

const QUERIES = [
  "stats sum(bytes) by srcAddr, dstAddr",
  "stats count(*) by action",
  "filter dstPort = 443 | stats sum(bytes) by srcAddr",
  "stats count(*) as n, sum(packets) as p, avg(bytes) as b by interfaceId, logStatus, accountId",
  "filter ispresent(srcAddr) and bytes > 1000 | fields srcAddr, bytes, @message, startTime | sort startTime asc, @message asc | limit 200",
  "fields version, vpcId, srcPort, endTime, protocol | filter srcPort < 100 | limit 500",
];

/** Near misses are told with the counts of each stream's lines read as each format. */
async function run(query: string, source: ReturnType<typeof openLocalSource>, logFormats?: RunOptions["logFormats"]) {
  const warnings: string[] = [];
  const result = await runQuery(query, source, { logFormats, onWarning: (m) => warnings.push(m), limit: 10_000 });
  const rows = result.rows.map(({ "@ptr": _, ...rest }) => rest);
  return { query, rows, nearMisses: warnings.filter((w) => w.includes("almost matched")) };
}

describe("VPC flow records read from the file's bytes", () => {
  it("give the same results as discovery of each line's text, whatever the lines", async () => {
    const { random, line } = vpcLineMaker(33);
    // More than a read (1 MiB), so that lines are cut at a read's end; one file with CRLF line ends.
    const lines = (n: number) => Array.from({ length: n }, line);
    dir.write("vpc/eni-a.log", lines(14_000).join("\n") + "\n");
    dir.write("vpc/eni-b.log", lines(3_000).join("\r\n") + "\r\n");
    dir.write("vpc/eni-c.log", "version account-id interface-id srcaddr dstaddr srcport dstport protocol packets bytes start end action log-status\n" + lines(500).join("\n"));
    // A group declared in a custom format: its lines are read by the declaration, not by shape.
    const custom = lines(2_000).map((l) => l.split(" ").slice(0, 10).join(" "));
    dir.write("custom/eni-d.log", custom.join("\n") + "\n");
    // A group declared plain text: its flow records are no records.
    dir.write("plain/eni-e.log", lines(500).join("\n") + "\n");
    const logFormats = { plain: "text", custom: "vpc:${version} ${account-id} ${interface-id} ${srcaddr} ${dstaddr} ${srcport} ${dstport} ${protocol} ${packets} ${bytes}" };
    // The plain path: every line's text, its time and its stream, read without fields.
    const { events } = await readAll([dir.path()]);
    const memory = createMemorySource(events.map(({ timestamp, message, logGroup, logStream }) => ({ timestamp, message, logGroup, logStream })));
    expect(events.length).toBeGreaterThan(15_000);
    expect(random()).toBeLessThan(1);
    for (const query of QUERIES) {
      const local = await run(query, openLocalSource([dir.path()]), logFormats);
      const plain = await run(query, memory as ReturnType<typeof openLocalSource>, logFormats);
      expect(local.rows.length, query).toBeGreaterThan(0);
      expect(local).toEqual(plain);
    }
  });
});
