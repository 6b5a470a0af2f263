import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { makeDirectory, makeDirectorySync } from "./make-directory.js";

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-mkdir-"));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe.each([
  ["makeDirectory", (d: string) => makeDirectory(d)],
  ["makeDirectorySync", async (d: string) => makeDirectorySync(d)],
])("%s", (_name, make) => {
  it("makes every missing directory, and takes one that is there", async () => {
    const deep = path.join(dir, "a", "b", "c");
    await make(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await make(deep);
    await make(dir);
  });

  it("refuses a file in the way, naming it", async () => {
    writeFileSync(path.join(dir, "f"), "");
    await expect(make(path.join(dir, "f", "x"))).rejects.toMatchObject({ code: "ENOTDIR" });
    await expect(make(path.join(dir, "f"))).rejects.toMatchObject({ code: "EEXIST" });
  });

  // Node's own recursive mkdir spins for ever here.
  it.runIf(existsSync("/proc/self"))("ends with ENOENT where procfs cannot make a directory", async () => {
    await expect(make("/proc/tolog-nope/x")).rejects.toMatchObject({ code: "ENOENT", path: "/proc/tolog-nope" });
  });
});
