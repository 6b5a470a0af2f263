import { afterAll, describe, expect, it } from "vitest";
import { textWidth } from "../../output/text-width.js";
import { tempDir } from "../test-helpers/log-dir.js";
import { runTolog } from "../test-helpers/run-tolog.js";

/**
 * On an 80-column terminal (a projector) the analyses' sentences are the answer: they wrap at
 * words rather than being cut with an ellipsis, and nothing is wider than the screen.
 */
const flat = (text: string) => text.replace(/\s+/g, " ");
const narrow = (args: string[]) => runTolog(args, { isTTY: true, columns: 80, env: { NO_COLOR: "1" } });
const wide = (args: string[]) => runTolog(args, { isTTY: true, columns: 400, env: { NO_COLOR: "1" } });

function expectFits(stdout: string): void {
  for (const line of stdout.split("\n")) expect(textWidth(line), line).toBeLessThanOrEqual(80);
}

describe("sentences on an 80-column terminal", () => {
  it("compare: both sides and every headline, whole", async () => {
    const args = ["compare", "--logs", "fixtures/runs/course-bugs", "--logs", "fixtures/runs/corrected"];
    const json = JSON.parse((await runTolog([...args, "--format", "json"])).stdout) as { headline: string[] };
    const { code, stdout } = await narrow(args);
    expect(code).toBe(0);
    expectFits(stdout);
    for (const sentence of json.headline) expect(flat(stdout)).toContain(flat(sentence));
    expect(flat(stdout)).toContain("before: fixtures/runs/course-bugs (2026-11-21 20:22:37.604 .. 2026-11-21 20:23:37.355 UTC)");
  });

  it("latency: the counts and the summed split, whole", async () => {
    const args = ["latency", "--logs", "fixtures/runs/corrected"];
    const full = (await wide(args)).stdout.split("\n");
    const { code, stdout } = await narrow(args);
    expect(code).toBe(0);
    expectFits(stdout);
    for (const prefix of ["9597 request(s)", "all routes, summed:", "GET /api/v1/todos spends"]) {
      const sentence = full.find((line) => line.startsWith(prefix));
      expect(sentence, prefix).toBeDefined();
      expect(flat(stdout)).toContain(flat(sentence!));
    }
  });

  it("latency --by-time: the bins' legend, wrapped and whole", async () => {
    const args = ["latency", "--by-time", "10s", "--logs", "fixtures/runs/course-bugs"];
    const legend = (await wide(args)).stdout.split("\n").find((line) => line.startsWith("bins of"));
    expect(legend).toBeDefined();
    const { code, stdout } = await narrow(args);
    expect(code).toBe(0);
    expectFits(stdout);
    expect(flat(stdout)).toContain(flat(legend!));
  });

  it("latency: the split bars' legend only where the bars are drawn", async () => {
    const args = ["latency", "--logs", "fixtures/runs/corrected"];
    const legend = "░ waiting for a DB connection  █ SQL  · other";
    const w = await wide(args);
    expect(w.stdout).toContain("time split");
    expect(w.stdout).toContain(legend);
    const n = await narrow(args);
    expect(n.stderr).toMatch(/columns left out to fit 80 columns: .*time split/);
    expect(n.stdout).not.toContain(legend);
  });

  it("races: the answer and its notes, wrapped and whole", async () => {
    const args = ["races", "--logs", "fixtures/runs/course-bugs-2023"];
    const full = (await wide(args)).stdout.split("\n");
    const { code, stdout } = await narrow(args);
    expect(code).toBe(0);
    expectFits(stdout);
    for (const prefix of ["Why:", "note: seen_by_lists", "note: 320 DELETE(s)"]) {
      const sentence = full.find((line) => line.startsWith(prefix));
      expect(sentence, prefix).toBeDefined();
      expect(flat(stdout)).toContain(flat(sentence!));
    }
  });

  it("trace: where the time went, whole", async () => {
    const { code, stdout } = await narrow(["trace", "--slowest", "--logs", "fixtures/runs/corrected"]);
    expect(code).toBe(0);
    expectFits(stdout);
    expect(flat(stdout)).toContain("2.08 s: 1.96 s waiting for a DB connection (94%), 0.12 s SQL (6%), 0.00 s other (<1%)");
  });

  it("follow-up commands too, continued with a backslash so that the lines run as one when pasted", async () => {
    const args = ["latency", "--logs", "fixtures/runs/corrected"];
    const piped = (await runTolog(args)).stdout.split("\n").filter((line) => line.startsWith("next: "));
    const { stdout } = await narrow(args);
    expectFits(stdout);
    const joined = stdout.replace(/ \\\n\s*/g, " ").split("\n").filter((line) => line.startsWith("next: "));
    expect(joined).toEqual(piped);
    expect(stdout).toMatch(/^next: npx tolog trace 79af1a46-1232-4b19-8c04-048b48cdcf08 --logs \\$/m);
  });
});

describe("notes on stderr on an 80-column terminal", () => {
  const logs = tempDir({ "a-service-with-a-long-name/ip-10-0-1-17.eu-west-1.compute.internal.jsonl": '{"request_id":"r1","n":1}\n' });
  afterAll(() => logs.remove());

  it("the columns left out, wrapped at words (it ran to 130 columns), whole when piped", async () => {
    for (const args of [
      ["latency", "--logs", "fixtures/runs/corrected"],
      ["query", "fields @timestamp, event, request_id, method, url, status, duration_ms | limit 3", "--logs", "fixtures/runs/corrected"],
      ["index", "--logs", logs.path, "--field", "request_id"],
    ]) {
      // What the screen shows: a progress line is cleared (ESC [2K) before what follows it.
      const stderr = (await narrow(args)).stderr.split("\n").map((line) => line.split("\x1b[2K").at(-1)!).join("\n");
      const note = "left out to fit 80 columns";
      expect(flat(stderr), args[0]).toContain(note);
      expectFits(stderr);
      const piped = await runTolog(args, { isTTY: false, env: { NO_COLOR: "1" } });
      expect(piped.stderr.split("\n").filter((line) => line.includes("left out to fit")).length <= 1).toBe(true);
    }
  });
});

describe("slow-queries on an 80-column terminal", () => {
  it("its counts, notes and full statements wrap at words, whole", async () => {
    const args = ["slow-queries", "--top", "3", "--logs", "fixtures/runs/chaos"];
    const full = (await wide(args)).stdout.split("\n");
    const { code, stdout } = await narrow(args);
    expect(code).toBe(0);
    expectFits(stdout);
    for (const prefix of ["8202 statement execution(s)", "wait: time the executions", "#1 ", "#2 ", "#3 "]) {
      const sentence = full.find((line) => line.startsWith(prefix));
      expect(sentence, prefix).toBeDefined();
      expect(flat(stdout)).toContain(flat(sentence!));
    }
  });
});
