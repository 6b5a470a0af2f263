import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../test-helpers/log-dir.js";
import { runTolog } from "../test-helpers/run-tolog.js";

// Ids beyond 2^53 written as JSON numbers: 1234567890123456787 and ...788 read as the same double
// (1234567890123456768). Lines that the byte extractor reads and, behind a text prefix, lines
// that full discovery reads.
const LINES = [
  '{"timestamp":"2026-11-21T10:00:00.000Z","id":1234567890123456787}',
  '{"timestamp":"2026-11-21T10:00:01.000Z","id":1234567890123456788}',
  '{"timestamp":"2026-11-21T10:00:02.000Z","id":1234567890123456768}',
  '2026-11-21T10:00:03.000Z INFO {"id":1234567890123456787}',
];
const dir = tempDir({ "logs/app.jsonl": LINES.join("\n") + "\n" });
afterAll(() => dir.remove());

const logs = ["--logs", `${dir.path}/logs`, "--format", "csv"];

describe("tolog query: ids beyond 2^53 in JSON numbers", () => {
  it("--param with an id equals that id only", async () => {
    const query = "filter id = {{id}} | sort @timestamp asc | fields id";
    for (const id of ["1234567890123456768", "1234567890123456787"]) {
      const { code, stdout } = await runTolog(["query", query, "--param", `id=${id}`, ...logs]);
      expect(code).toBe(0);
      const expected = id.endsWith("768") ? [id] : [id, id];
      expect(stdout.split("\r\n").filter((l) => l.startsWith("1")).map((l) => l.split(",")[0])).toEqual(expected);
    }
  });

  it("stats by id keeps neighbouring ids apart and prints each as written", async () => {
    const { stdout } = await runTolog(["query", "stats count(*) as n by id | sort id asc", ...logs]);
    expect(stdout).toBe("id,n\r\n1234567890123456768,1\r\n1234567890123456787,2\r\n1234567890123456788,1\r\n");
  });
});

describe("tolog trace: a numeric request id beyond 2^53", () => {
  const requests = tempDir({
    "logs/service.log": [
      '{"timestamp":"2026-11-21T10:00:00.000Z","event":"request_started","request_id":1234567890123456788,"method":"GET","url":"/a"}',
      '{"timestamp":"2026-11-21T10:00:00.100Z","event":"request_finished","request_id":1234567890123456788,"method":"GET","url":"/a","status":200,"duration_ms":100}',
      '{"timestamp":"2026-11-21T10:00:01.000Z","event":"request_started","request_id":1234567890123456787,"method":"GET","url":"/b"}',
    ].join("\n") + "\n",
  });
  afterAll(() => requests.remove());

  it("finds that request's lines and only those (the engine found them; the trace read the id as a double)", async () => {
    const { code, stdout } = await runTolog(["trace", "1234567890123456788", "--logs", `${requests.path}/logs`, "--format", "json"]);
    expect(code).toBe(0);
    const trace = JSON.parse(stdout) as { request_id: string; events: Array<{ event: string; request_id: string }> };
    expect(trace.request_id).toBe("1234567890123456788");
    expect(trace.events.map((e) => [e.event, e.request_id])).toEqual([
      ["request_started", "1234567890123456788"],
      ["request_finished", "1234567890123456788"],
    ]);
  });
});
