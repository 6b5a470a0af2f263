import { afterAll, describe, expect, it } from "vitest";
import { tempDir } from "../test-helpers/log-dir.js";
import { runTolog } from "../test-helpers/run-tolog.js";

const bundled = tempDir({ "errors.insights": '# description: Errors.\nfilter level = "error"\n' });
const bad = tempDir({
  "good.insights": "# description: Fine.\nfields @message\n",
  "nohdr.insights": "no header at all\n",
  "syn.insights": "# description: s\nfilter a = | stats\n",
  "binary.insights": "\u0000\u0001ELF\u0000\u0002",
});
afterAll(() => [bundled, bad].forEach((dir) => dir.remove()));

const run = (args: string[]) => runTolog(args, { deps: { bundledQueriesDir: bundled.path } });

describe("queries list warns for every file queries check fails", () => {
  it("names each, on stderr, and still lists them", async () => {
    const check = await run(["queries", "check", "--queries-dir", bad.path]);
    const failed = [...check.stdout.matchAll(/^FAILED {2}(\S+)/gm)].map((m) => m[1]);
    expect(failed).toEqual(["binary", "nohdr", "syn"]);
    const list = await run(["queries", "list", "--queries-dir", bad.path, "--format", "csv"]);
    expect(list.code).toBe(0);
    const warned = [...list.stderr.matchAll(/^warning: saved query "(\S+)" \((.*)\) fails its check; run `tolog queries check`/gm)].map((m) => m[1]);
    expect(warned).toEqual(failed);
    expect(list.stdout).toContain("nohdr,,");
  });

  it("a binary file is said not to be text", async () => {
    const check = await run(["queries", "check", "--queries-dir", bad.path]);
    expect(check.stdout).toMatch(/binary\.insights:1: the file is not text/);
  });
});

describe("a placeholder inside a string literal", () => {
  const quoted = tempDir({ "q.insights": '# description: Q.\n# param q: The q.\nfilter a = "{{q}}"\n' });
  afterAll(() => quoted.remove());
  it("is reported as misplaced, not as unused", async () => {
    const { code, stdout } = await run(["queries", "check", "--queries-dir", quoted.path]);
    expect(code).toBe(1);
    expect(stdout).toContain('{{q}} is inside a string');
    expect(stdout).not.toContain("never uses");
  });
});
