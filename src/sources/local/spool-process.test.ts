/**
 * Reading stdin leaves nothing in the temporary directory however the process ends: a real
 * child process reads a pipe through the local source while the test sends it real signals.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const work = mkdtempSync(path.join(os.tmpdir(), "tolog-spool-test-"));
const driver = path.join(work, "driver.mjs");
afterAll(() => rmSync(work, { recursive: true, force: true }));

beforeAll(async () => {
  // The local source as a script of its own, bundled from the sources (esbuild, well under a second).
  const entry = path.join(work, "driver.ts");
  const source = fileURLToPath(new URL("./index.ts", import.meta.url));
  writeFileSync(
    entry,
    `import { openLocalSource } from ${JSON.stringify(source)};
let n = 0;
for await (const _ of openLocalSource(["-"]).read({}, { recordsScanned: 0, bytesScanned: 0 })) n++;
process.stdout.write(n + " events\\n");`,
  );
  await build({ entryPoints: [entry], outfile: driver, bundle: true, platform: "node", format: "esm", logLevel: "silent" });
});

/** The child's open files under `dir` (Linux: /proc), names removed or not. */
function openFilesUnder(pid: number, dir: string): string[] {
  const fds = `/proc/${pid}/fd`;
  if (!existsSync(fds)) return [];
  return readdirSync(fds)
    .map((fd) => {
      try {
        return readlinkSync(path.join(fds, fd));
      } catch {
        return "";
      }
    })
    .filter((target) => target.startsWith(dir));
}

async function until(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200 && !condition(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  if (!condition()) throw new Error(`gave up waiting for ${what}`);
}

const line = JSON.stringify({ timestamp: "2026-11-21T10:00:00.000Z", event: "x", pad: "p".repeat(200) }) + "\n";

describe.runIf(process.platform === "linux")("the copy of stdin", () => {
  it.each(["SIGINT", "SIGTERM", "SIGKILL"] as const)("is gone from the temporary directory while it is made and after %s", async (signal) => {
    const tmp = mkdtempSync(path.join(work, "tmp-"));
    const child = spawn(process.execPath, [driver], { env: { PATH: process.env.PATH ?? "", TMPDIR: tmp }, stdio: ["pipe", "pipe", "pipe"] });
    const exited = new Promise<NodeJS.Signals | number | null>((resolve) => child.on("exit", (code, sig) => resolve(sig ?? code)));
    child.stdin.on("error", () => {}); // the rest of the input meets a closed pipe once the child is gone
    child.stdin.write(line.repeat(20_000));
    // Spooling has begun when the child holds a file under TMPDIR open.
    // Between its open and its unlink the name exists for an instant: wait for the unlink, which
    // must come while tolog still reads (a spool that is never unlinked times this out).
    await until(() => openFilesUnder(child.pid!, tmp).some((f) => /\(deleted\)$/.test(f)), "the spool to be opened and its name removed");
    expect(readdirSync(tmp)).toEqual([]);
    child.kill(signal);
    expect(await exited).toBe(signal);
    expect(readdirSync(tmp)).toEqual([]);
  });

  it("is read whole, and gone after a normal exit", async () => {
    const tmp = mkdtempSync(path.join(work, "tmp-"));
    const child = spawn(process.execPath, [driver], { env: { PATH: process.env.PATH ?? "", TMPDIR: tmp }, stdio: ["pipe", "pipe", "inherit"] });
    let out = "";
    child.stdout.on("data", (chunk: Buffer) => (out += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    child.stdin.end(line.repeat(5000));
    expect(await exited).toBe(0);
    expect(out).toBe("5000 events\n");
    expect(readdirSync(tmp)).toEqual([]);
  });
});
