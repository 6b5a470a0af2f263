import { afterAll, beforeAll, expect, it } from "vitest";
import { newEnvelope } from "../../serve/envelope.js";
import { tempDir } from "../test-helpers/log-dir.js";
import { runTolog } from "../test-helpers/run-tolog.js";

// The stream files of `tolog serve` and `tolog pull` hold envelopes: CloudWatch counts (and
// bills) each event's message, not the JSON line around it. A filter the raw-byte search served
// (`level = "error"`) counted the lines it skipped whole: 12805 bytes where others said 4332.
let logs: ReturnType<typeof tempDir>;
let messageBytes = 0;
const T0 = Date.UTC(2026, 10, 21, 20);

beforeAll(() => {
  let text = "";
  for (let i = 0; i < 52; i++) {
    const message = JSON.stringify({ level: i % 13 === 0 ? "error" : "info", request_id: `r${i}`, latency_ms: i % 7, message: "handled" });
    messageBytes += Buffer.byteLength(message);
    text += newEnvelope("app", "stream-1", { timestamp: T0 + i * 1000, message }, T0 + i * 1000 + 5, i).line;
  }
  logs = tempDir({ "app/stream-1.jsonl": text });
});
afterAll(() => logs.remove());

it("every query over envelope files reports the messages' bytes scanned", async () => {
  const queries = [
    "stats count(*)",
    "fields @message",
    "filter latency_ms > 3",
    'filter level = "error"',
    'filter request_id = "r7"',
    "filter @message like /error/",
    'filter level = "nothing-matches" | fields @timestamp',
  ];
  for (const query of queries) {
    for (const range of [[], ["--start", String(T0 - 1000), "--end", String(T0 + 3_600_000)]]) {
      const out = await runTolog(["query", query, "--logs", logs.path, "--format", "json", ...range]);
      expect(out.code, `${query}: ${out.stderr}`).toBe(0);
      const { statistics } = JSON.parse(out.stdout) as { statistics: { recordsScanned: number; bytesScanned: number } };
      expect(statistics, `${query} ${range.join(" ")}`).toEqual({ recordsScanned: 52, recordsMatched: expect.any(Number), bytesScanned: messageBytes });
    }
  }
});
