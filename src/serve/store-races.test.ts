/** Calls that wait their turn behind a delete of what they name. */
import { existsSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, expect, test } from "vitest";
import { Store } from "./store.js";

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "tolog-store-races-"));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
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
