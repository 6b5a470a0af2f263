import { describe, expect, it } from "vitest";
import { runTolog } from "./test-helpers/run-tolog.js";

const LOGS = "fixtures/course-practical/single-quote-bug";

describe("a bad value from a TOLOG_ variable names the variable", () => {
  it("TOLOG_LIMIT=0: the range error says where the 0 came from; exit 1, the command line being fine", async () => {
    const { code, stderr } = await runTolog(["query", "fields @message", "--logs", LOGS], { env: { TOLOG_LIMIT: "0" } });
    expect(stderr).toBe(
      "error: --limit 0 is out of range (set by TOLOG_LIMIT=0 in the environment).\n" +
        "help: Give a whole number from 1 to 100000, e.g. --limit 100. Fix TOLOG_LIMIT or unset it.\n",
    );
    expect(code).toBe(1);
  });

  it("the same value on the command line is a usage error that names no variable", async () => {
    const { code, stderr } = await runTolog(["query", "fields @message", "--logs", LOGS, "--limit", "0"], { env: { TOLOG_LIMIT: "5" } });
    expect(code).toBe(2);
    expect(stderr).not.toContain("TOLOG_LIMIT");
  });

  it("TOLOG_FORMAT=xml: the choices, and the variable, not yargs' Invalid values", async () => {
    const { code, stderr } = await runTolog(["queries", "list"], { env: { TOLOG_FORMAT: "xml" } });
    expect(stderr).toBe(
      "error: TOLOG_FORMAT=xml is not one of table, json, ndjson, csv (it sets --format).\n" +
        "help: Set it to one of them, e.g. TOLOG_FORMAT=table, or unset it.\n",
    );
    expect(code).toBe(1);
  });

  it("TOLOG_QUERIES_DIR naming no directory", async () => {
    const { code, stderr } = await runTolog(["queries", "list"], { env: { TOLOG_QUERIES_DIR: "/nonexistent-tolog" } });
    expect(code).toBe(1);
    expect(stderr).toContain("error: --queries-dir /nonexistent-tolog is not a directory (set by TOLOG_QUERIES_DIR=/nonexistent-tolog in the environment).");
  });
});
