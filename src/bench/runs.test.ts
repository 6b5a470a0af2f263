import { describe, expect, it } from "vitest";
import { failureReason } from "./runs.js";

describe("why a run failed", () => {
  it("is the message of the error Node printed a stack trace for, not the trace's first line", () => {
    const stderr = [
      "node:internal/modules/run_main:123",
      "    triggerUncaughtException(",
      "    ^",
      "",
      "Error: Invalid Input Error: Malformed JSON in file \"a.jsonl\", at byte 2 in line 613: unexpected character.",
      "    at DuckDBConnection.runAndReadAll (node_modules/@duckdb/node-api/lib/DuckDBConnection.js:58:22)",
      "",
      "Node.js v20.20.2",
    ].join("\n");
    expect(failureReason({ stderr, code: 1, signal: null })).toBe('Invalid Input Error: Malformed JSON in file "a.jsonl", at byte 2 in line 613: unexpected character.');
  });

  it("is the first line a tool printed of itself, cut short", () => {
    expect(failureReason({ stderr: "jq: error: Could not open a.json: No such file\n", code: 2, signal: null })).toBe("jq: error: Could not open a.json: No such file");
    expect(failureReason({ stderr: `${"x".repeat(300)}\n`, code: 1, signal: null })).toHaveLength(160);
  });

  it("says how the process ended when it printed nothing", () => {
    expect(failureReason({ stderr: "", code: 3, signal: null })).toBe("exit 3");
    expect(failureReason({ stderr: "", code: null, signal: "SIGKILL" })).toBe("ended by SIGKILL");
  });
});
