import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { startHarness } from "../../serve/test-support.js";
import { runTolog } from "../test-helpers/run-tolog.js";

/**
 * `tolog serve` given values it cannot use: a value that cannot be read is a command-line error
 * (exit 2, with the help), a value the machine refuses is the environment's (exit 1), and
 * neither is a bug report (exit 70).
 */
let root: string;
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), "tolog-serve-options-"));
});
afterEach(() => {
  rmSync(root, { recursive: true, force: true });
});

/** The error and help lines: what follows the command's help on stderr. */
const ending = (stderr: string) => stderr.trimEnd().split("\n").slice(-2).join("\n");
const serve = (args: string[]) => runTolog(["serve", "--dir", join(root, "store"), ...args]);

describe("tolog serve --port", () => {
  it("a value that is not a port is a usage error naming it and the range, before the directory is made", async () => {
    for (const value of ["99999", "65536", "-1", "abc", "1.5", ""]) {
      const { code, stderr } = await serve(["--port", value]);
      expect(code, value).toBe(2);
      expect(ending(stderr), value).toBe(
        `error: --port ${JSON.stringify(value)} is not a port number.\n` +
          "help: Give a whole number from 0 to 65535, e.g. --port 4588 (the default); --port 0 picks any free port.",
      );
    }
    expect(existsSync(join(root, "store"))).toBe(false);
  });

  it("a port in use is the environment's problem, exit 1", async () => {
    const other = await startHarness({});
    try {
      const { code, stderr } = await serve(["--port", String(other.server.port)]);
      expect(code).toBe(1);
      expect(ending(stderr)).toBe(
        `error: Port ${other.server.port} on 127.0.0.1 is already in use.\nhelp: Pick another with --port, or --port 0 for any free port.`,
      );
    } finally {
      await other.close();
    }
  });
});

describe("tolog serve --host", () => {
  it("an address this machine does not have: exit 1, naming it and the addresses it has", async () => {
    // TEST-NET-3 (RFC 5737): never assigned to a machine.
    const { code, stderr } = await serve(["--port", "0", "--host", "203.0.113.77"]);
    expect(code).toBe(1);
    const [error, help] = ending(stderr).split("\n");
    expect(error).toBe("error: --host 203.0.113.77 is not an address of this machine, so nothing can listen on it.");
    expect(help).toMatch(/^help: Listen on 127\.0\.0\.1 \(the default: this machine only\), 0\.0\.0\.0 \(every interface\) or one of this machine's addresses: .*127\.0\.0\.1/);
  });

  it("a failed start leaves no directory it made, and keeps one that was there", async () => {
    const made = join(root, "new", "a", "b");
    expect((await runTolog(["serve", "--dir", made, "--port", "0", "--host", "203.0.113.77"])).code).toBe(1);
    expect(existsSync(join(root, "new"))).toBe(false);
    expect(existsSync(root)).toBe(true);
  });

  it("text that is no address at all is a usage error about the listen address, not about CloudWatch", async () => {
    const cases: Array<[string, string]> = [
      ["256.1.1.1", 'error: --host "256.1.1.1" is not an IP address: the four numbers of an IPv4 address are 0-255.'],
      ["1.2.3", 'error: --host "1.2.3" is not an IP address: the four numbers of an IPv4 address are 0-255.'],
      ["my host", 'error: --host "my host" is neither an IP address nor a host name.'],
      ["", 'error: --host "" is neither an IP address nor a host name.'],
    ];
    for (const [value, error] of cases) {
      const { code, stderr } = await serve(["--port", "0", "--host", value]);
      expect(code, value).toBe(2);
      expect(ending(stderr), value).toBe(
        `${error}\nhelp: Give an address of this machine: 127.0.0.1 (the default: this machine only), ::1, or 0.0.0.0 for every interface.`,
      );
    }
    expect(existsSync(join(root, "store"))).toBe(false);
  });

  it("a host name that does not resolve here: exit 1, about the listen address", async () => {
    const { code, stderr } = await serve(["--port", "0", "--host", "no-such-host.invalid"]);
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/CloudWatch|--region/);
    expect(ending(stderr)).toMatch(/^error: --host no-such-host\.invalid does not resolve to an address here \(ENOTFOUND\)\.\nhelp: /);
  });
});

describe("tolog serve --dir", () => {
  it("a file: exit 1, naming it and the fix", async () => {
    const file = join(root, "f");
    writeFileSync(file, "");
    const { code, stderr } = await runTolog(["serve", "--port", "0", "--dir", file]);
    expect(code).toBe(1);
    expect(ending(stderr)).toBe(
      `error: --dir ${file} is a file, not a directory.\n` +
        "help: Give a directory (it is made if missing), e.g. --dir .tolog/cloudwatch (the default), or move the file away.",
    );
  });

  it("under a file: exit 1, naming the file", async () => {
    const file = join(root, "f");
    writeFileSync(file, "");
    const { code, stderr } = await runTolog(["serve", "--port", "0", "--dir", join(file, "store")]);
    expect(code).toBe(1);
    expect(ending(stderr).split("\n")[0]).toBe(`error: --dir ${join(file, "store")} cannot be made: ${file} is a file, not a directory.`);
  });

  it("empty: a usage error that says so", async () => {
    const { code, stderr } = await runTolog(["serve", "--port", "0", "--dir", ""]);
    expect(code).toBe(2);
    expect(ending(stderr)).toBe('error: --dir "" names no directory.\nhelp: Give a directory (it is made if missing), e.g. --dir .tolog/cloudwatch (the default).');
  });

  it("one that cannot be made: exit 1, and the help is about --dir", async () => {
    const { code, stderr } = await runTolog(["serve", "--port", "0", "--dir", "/proc/tolog-nope"]);
    expect(code).toBe(1);
    expect(stderr).not.toMatch(/--logs|--file|--queries-dir/);
    expect(ending(stderr)).toBe(
      "error: --dir /proc/tolog-nope cannot be made: no such file or directory (mkdir /proc/tolog-nope).\n" +
        "help: Give a directory on a disk this user can write to, e.g. --dir .tolog/cloudwatch (the default).",
    );
  });
});

describe("tolog serve --inject and --max-queries", () => {
  it("a value that cannot be read is a usage error (exit 2), as --limit 0 is", async () => {
    const inject = await serve(["--inject", "bogus=1"]);
    expect(inject.code).toBe(2);
    expect(ending(inject.stderr)).toBe(
      'error: unknown --inject item "bogus" (known: throttle, fail, latency, query-time, seed)\n' +
        "help: Example: --inject throttle=0.2,latency=300ms,fail=0.05,query-time=2s",
    );
    for (const value of ["0", "-3", "abc", "2.5"]) {
      const { code, stderr } = await serve(["--max-queries", value]);
      expect(code, value).toBe(2);
      expect(ending(stderr), value).toBe(`error: --max-queries ${JSON.stringify(value)} is not a whole number from 1 up.\nhelp: For example --max-queries 10 (the default is 100).`);
    }
    expect(existsSync(join(root, "store"))).toBe(false);
  });
});
