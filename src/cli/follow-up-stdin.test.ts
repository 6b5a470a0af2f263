import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { afterAll, describe, expect, it } from "vitest";
import { runTolog } from "./test-helpers/run-tolog.js";

/**
 * A follow-up printed after reading stdin (`npm start | npx tolog watch --logs -`) must be true
 * when pasted later, when stdin is the keyboard: no `--logs -`, which would wait on it, but a
 * placeholder, the line saying what goes there, and the command running once it is filled in.
 */
const dir = mkdtempSync(join(tmpdir(), "tolog-follow-up-stdin-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const logs = gunzipSync(readFileSync("fixtures/runs/course-bugs/service.log.jsonl.gz")).toString("utf8").split(/(?<=\n)/).slice(0, 6000).join("");
const PLACEHOLDER = "FILE: a file holding the logs read from stdin, which cannot be read again (pipe them through tee FILE to keep a copy)";

/** The follow-ups in `text`, each with the line under it. */
function followUps(text: string): { command: string; after: string }[] {
  const lines = text.split("\n");
  return lines.flatMap((line, i) => {
    const command = /^(?:next|Example): (npx tolog .*)$/.exec(line)?.[1];
    return command === undefined ? [] : [{ command, after: lines.slice(i + 1).join("\n") }];
  });
}

/** The command as the shell would run it after FILE is replaced (its words need no quoting here). */
async function paste(command: string, file: string) {
  const words = command.replace(/^npx tolog /, "").split(" ").map((word) => (word === "FILE" ? file : word));
  expect(words).not.toContain("-");
  return runTolog(words);
}

describe("follow-ups after reading stdin", () => {
  it("latency, slow-queries and races: a placeholder for the logs and one line saying what to put there, true when pasted", async () => {
    const saved = join(dir, "saved.log");
    writeFileSync(saved, logs);
    for (const command of ["latency", "slow-queries", "races"]) {
      const { code, stdout } = await runTolog([command, "--logs", "-"], { stdin: logs });
      expect({ command, code }).toEqual({ command, code: 0 });
      const found = followUps(stdout);
      expect(found.length, command).toBeGreaterThan(0);
      for (const { command: printed } of found) expect(printed).toMatch(/--logs FILE$/);
      // Once, after the last command.
      expect(stdout.split(PLACEHOLDER).length - 1, command).toBe(1);
      expect(found.at(-1)!.after.startsWith(PLACEHOLDER), command).toBe(true);
    }
    const latency = await runTolog(["latency", "--logs", "-"], { stdin: logs });
    const trace = followUps(latency.stdout)[0].command;
    // Pasted as printed it stops at once, naming the placeholder; filled in, it traces the request.
    const unfilled = await paste(trace, "FILE");
    expect(unfilled.code).not.toBe(0);
    expect(unfilled.stderr).toMatch(/--logs: .*FILE/);
    const filled = await paste(trace, saved);
    expect(filled.code).toBe(0);
    expect(filled.stdout).toMatch(/^request [0-9a-f-]{36}/m);
  });

  it("watch: the slowest request's next: in the frame", async () => {
    const stop = new AbortController();
    const live = { stdout: "", stderr: "" };
    const running = runTolog(["watch", "--logs", "-", "--interval", "500ms"], { stdin: logs, live, deps: { stop: stop.signal } });
    for (let i = 0; i < 200 && !live.stdout.includes(PLACEHOLDER); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    stop.abort();
    const { stdout } = await running;
    const frame = stdout.split(/^── /m).at(-1)!;
    expect(followUps(frame).map(({ command }) => command)).toEqual([expect.stringMatching(/^npx tolog trace [0-9a-f-]{36} --logs FILE$/)]);
    expect(followUps(frame)[0].after.startsWith(PLACEHOLDER)).toBe(true);
  });

  it("report: its commands have the placeholder, and the line under them", async () => {
    const out = join(dir, "report.html");
    const { code } = await runTolog(["report", "--logs", "-", "--out", out], { stdin: logs });
    expect(code).toBe(0);
    const html = readFileSync(out, "utf8");
    expect(html).toMatch(/<pre class="cmd">npx tolog races --logs FILE<\/pre>/);
    expect(html).toContain(PLACEHOLDER);
    expect(html).not.toMatch(/--logs -</);
  });

  it("query prints no follow-up, over stdin or not", async () => {
    const { stdout, stderr } = await runTolog(["query", "stats count(*) by event", "--logs", "-"], { stdin: logs });
    expect(followUps(stdout + stderr)).toEqual([]);
    expect(stdout + stderr).not.toMatch(/tolog .*--logs/);
  });
});
