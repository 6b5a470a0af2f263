import { mkdirSync, writeFileSync } from "node:fs";
import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../test-helpers/log-dir.js";
import { runTolog } from "../test-helpers/run-tolog.js";

const dir = tempDir({ "logs/app.log": "2026-11-21T10:00:00Z started\n" });
afterAll(() => dir.remove());

describe("tolog query on local paths that hold no logs", () => {
  it("exits 1 naming a directory with no log file, in every format", async () => {
    mkdirSync(`${dir.path}/empty`, { recursive: true });
    for (const format of ["table", "json", "ndjson", "csv"]) {
      const { code, stdout, stderr } = await runTolog(["query", "stats count(*)", "--logs", `${dir.path}/empty`, "--format", format]);
      expect({ format, code, stdout }).toEqual({ format, code: 1, stdout: "" });
      expect(stderr).toMatch(/^error: .*empty" holds no log files/);
    }
  });

  it("exits 1 for a binary file, writing none of its bytes", async () => {
    writeFileSync(`${dir.path}/tool`, Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0x00, 0x1b, 0x5b, 0x32, 0x4a, 0x0a]));
    const { code, stdout, stderr } = await runTolog(["query", "fields @message", "--logs", `${dir.path}/tool`]);
    expect(code).toBe(1);
    expect(stdout).toBe("");
    expect(stderr).toMatch(/tool is binary: it holds no log events/);
    expect(stderr).not.toMatch(/\x1b\[2J/);
  });
});
