import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, expect, test } from "vitest";
import { LOCK_FILE, lockStore } from "./store-lock.js";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function stateOf(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat[stat.lastIndexOf(")") + 2];
  } catch {
    return undefined;
  }
}

// Right after a kill -9 the endpoint's process is a zombie until its parent reaps it, and
// signal 0 still reaches it: `kill -9 <pid>; tolog serve` must not be told the store is in use.
test.skipIf(!existsSync("/proc/self/stat"))("a lock held by a process that has ended but is not yet reaped (a zombie) is taken over", async () => {
  const dir = mkdtempSync(join(tmpdir(), "tolog-lock-"));
  dirs.push(dir);
  // `sleep 0` ends at once; its parent became `sleep 5`, which never reaps it.
  const parent = spawn("sh", ["-c", "sleep 0 & echo $!; exec sleep 5"], { stdio: ["ignore", "pipe", "ignore"] });
  try {
    const pid = await new Promise<number>((resolve) => parent.stdout.once("data", (chunk: Buffer) => resolve(Number(String(chunk).trim()))));
    for (let i = 0; i < 100 && stateOf(pid) !== "Z"; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(stateOf(pid)).toBe("Z");
    writeFileSync(join(dir, LOCK_FILE), JSON.stringify({ pid, host: hostname(), since: "2026-01-01T00:00:00.000Z" }) + "\n");
    const lock = await lockStore(dir);
    expect(lock.tookOverFrom).toBe(pid);
    await lock.release();
  } finally {
    parent.kill("SIGKILL");
  }
});
