/**
 * What the store refuses rather than lose events over:
 * - names that differ only in case, on a file system that does not tell them apart (macOS's and
 *   Windows' by default): two groups or two streams would share one directory or file, and the
 *   second would overwrite or delete the first's events;
 * - a batch for a stream deleted while it waited its turn.
 */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { Store } from "./store.js";
import { caseInsensitiveDir } from "./store-dir.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tolog-store-refusals-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

test("where the file system ignores case, a group or stream whose name differs from another's only in case is refused", async () => {
  const store = await Store.open(dir, { caseInsensitive: true });
  try {
    const app = await store.createGroup("/App/api", 1);
    await expect(store.createGroup("/app/API", 2)).rejects.toThrow(/differs only in case from the log group "\/App\/api"/);
    await store.createStream(app!, "Web-1", 1);
    await expect(store.createStream(app!, "web-1", 2)).rejects.toThrow(/differs only in case from the log stream "Web-1"/);
    expect(store.groups().map((g) => g.name)).toEqual(["/App/api"]);
    expect([...app!.streams.keys()]).toEqual(["Web-1"]);
  } finally {
    await store.close();
  }
});

test("where it tells case apart, both are kept, as CloudWatch keeps them", async () => {
  const store = await Store.open(dir, { caseInsensitive: false });
  try {
    await store.createGroup("/App/api", 1);
    await store.createGroup("/app/API", 2);
    expect(store.groups().map((g) => g.name)).toEqual(["/App/api", "/app/API"]);
  } finally {
    await store.close();
  }
});

test("finds out which kind of file system a directory is on, and leaves nothing behind", async () => {
  // This machine's temporary directory (Linux) tells case apart.
  expect(await caseInsensitiveDir(dir)).toBe(false);
  const { readdir } = await import("node:fs/promises");
  expect(await readdir(dir)).toEqual([]);
});

test("a batch for a stream deleted while it waited is refused as a missing stream, and its file is not made again", async () => {
  const store = await Store.open(dir, { caseInsensitive: false });
  try {
    const group = (await store.createGroup("g", 1))!;
    const stream = (await store.createStream(group, "s", 1))!;
    const deleted = store.deleteStream(group, stream);
    const put = store.append(group, stream, [{ timestamp: 1, message: "late" }], 2);
    await deleted;
    await expect(put).rejects.toMatchObject({ code: "ResourceNotFoundException" });
    expect(existsSync(stream.file)).toBe(false);
  } finally {
    await store.close();
  }
});
