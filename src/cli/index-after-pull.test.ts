import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { expect, it } from "vitest";
import { bundledQueriesDir } from "./package-info.js";
import { lookupFields } from "./index-after-pull.js";

it("finds the fields tolog's saved queries look values up in", async () => {
  expect(await lookupFields([bundledQueriesDir()])).toEqual(["request_id", "route"]);
});

it("takes a required parameter compared with = or in, not fixed values nor defaults", async () => {
  const dir = mkdtempSync(path.join(os.tmpdir(), "tolog-lookup-fields-"));
  try {
    writeFileSync(path.join(dir, "a.insights"), "# param user: who\nfilter user_id = {{user}} and method in [\"GET\"]\n");
    writeFileSync(path.join(dir, "b.insights"), "# param lvl = error: level\nfilter level = {{lvl}}\n");
    writeFileSync(path.join(dir, "c.insights"), "# param t: tenant\nfilter tenant in [{{t}}, \"x\"] or level = \"error\"\n");
    expect(await lookupFields([dir])).toEqual(["user_id"]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
