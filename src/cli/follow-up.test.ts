import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { followUpCommand, invocation, shellQuote } from "./follow-up.js";

describe("follow-up commands", () => {
  it("start tolog the way it was started: npx unless it ran as a tolog on PATH", () => {
    expect(invocation({ npm_command: "exec" }, "/home/u/.npm/_npx/1/node_modules/.bin/tolog")).toBe("npx tolog");
    expect(invocation({}, "/usr/local/bin/tolog")).toBe("tolog");
    expect(invocation({}, "/repo/bin/tolog.js")).toBe("npx tolog");
    expect(invocation({ npm_command: "run-script" }, "/repo/bin/tolog.js")).toBe("npx tolog");
  });

  it("quote every word for a POSIX shell", () => {
    expect(shellQuote("fixtures/runs/chaos")).toBe("fixtures/runs/chaos");
    expect(shellQuote("my logs")).toBe("'my logs'");
    expect(shellQuote("it's")).toBe("'it'\\''s'");
    expect(shellQuote("taskoverflow*")).toBe("'taskoverflow*'");
    expect(shellQuote("$(rm -rf ~)")).toBe("'$(rm -rf ~)'");
    expect(shellQuote("")).toBe("''");
  });

  it("carry the logs or log groups, the AWS target and the range as it was resolved", () => {
    const local = followUpCommand("npx tolog", { logs: ["a dir", "b.log"], queriesDir: ["q", "r"] }, {});
    expect(local(["trace", "r1"])).toBe("npx tolog trace r1 --logs 'a dir' --logs b.log --queries-dir q --queries-dir r");
    const cloud = followUpCommand("tolog", { logGroup: ["app*"], region: "eu-west-1", endpointUrl: "http://127.0.0.1:4588" }, { start: 0, end: 3_600_000 });
    expect(cloud(["trace", "r1"])).toBe(
      "tolog trace r1 --log-group 'app*' --region eu-west-1 --endpoint-url http://127.0.0.1:4588 --start 1970-01-01T00:00:00.000Z --end 1970-01-01T01:00:00.000Z",
    );
  });

  it("name logs read from stdin or a pipe, which cannot be read again, by a placeholder, and say what goes there", () => {
    const stdin = followUpCommand("npx tolog", { logs: ["-"] }, {});
    expect(stdin(["trace", "r1"])).toBe("npx tolog trace r1 --logs FILE");
    expect(stdin.placeholder).toBe("FILE: a file holding the logs read from stdin, which cannot be read again (pipe them through tee FILE to keep a copy)");
    const dir = mkdtempSync(join(tmpdir(), "tolog-follow-up-"));
    try {
      // What `<(command)` names: a pipe (here a FIFO), read once.
      const fifo = join(dir, "events");
      execFileSync("mkfifo", [fifo]);
      const mixed = followUpCommand("tolog", { logs: ["app.log", fifo, "-"] }, {});
      expect(mixed(["races"])).toBe("tolog races --logs app.log --logs FILE1 --logs FILE2");
      expect(mixed.placeholder).toBe(`FILE1, FILE2: files holding the logs read from ${fifo} and stdin, which cannot be read again (pipe them through tee to keep a copy)`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    // Files and directories are read again as they are: nothing to replace.
    expect(followUpCommand("tolog", { logs: ["fixtures/runs/corrected", "README.md"] }, {}).placeholder).toBeUndefined();
  });
});
