import { describe, expect, it } from "vitest";
import { runTolog } from "../test-helpers/run-tolog.js";

const LOGS = "fixtures/course-practical/single-quote-bug";
const query = (...params: string[]) => runTolog(["query", "fields @message | limit {{n}}", "--logs", LOGS, ...params.flatMap((p) => ["--param", p])]);

describe("--param values that cannot be read are usage errors (exit 2)", () => {
  it("no =: names the argument and the form", async () => {
    const { code, stderr } = await query("n");
    expect(code).toBe(2);
    expect(stderr).toContain('error: --param "n" is not name=value.');
    expect(stderr).toContain("help: Write it as --param NAME=VALUE");
  });

  it("a name given twice: names it and says to keep one", async () => {
    const { code, stderr } = await query("n=1", "n=2");
    expect(code).toBe(2);
    expect(stderr).toContain("error: --param n is given twice (n=1, n=2).");
    expect(stderr).toContain("help: Keep one --param n=VALUE.");
  });
});

describe("a string where a number belongs", () => {
  it("is quoted once in the error", async () => {
    const { code, stderr } = await query("n=abc");
    expect(code).toBe(1);
    expect(stderr).toContain('found the string "abc"');
    expect(stderr).not.toContain('""abc""');
  });
});
