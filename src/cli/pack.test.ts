import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, expect, test } from "vitest";

const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const run = promisify(execFile);
let dir: string | undefined;
afterAll(() => {
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});

test("npm pack gives a package whose tolog runs: --version, a query, a query in worker threads", async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "tolog-pack-"));
  // The bundle `npm run build` made (the package's `prepare` would rebuild it under running tests).
  const { stdout } = await run("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", dir], { cwd: ROOT });
  const [{ filename }] = JSON.parse(stdout) as { filename: string }[];
  await run("tar", ["-xzf", path.join(dir, filename), "-C", dir]);
  const pkg = path.join(dir, "package");
  // Its dependencies, as an install would give them.
  symlinkSync(path.join(ROOT, "node_modules"), path.join(pkg, "node_modules"));
  const logs = path.join(dir, "app.log");
  writeFileSync(logs, Array.from({ length: 500 }, (_, i) => JSON.stringify({ n: i, level: i % 5 === 0 ? "error" : "info", msg: `m${i}` })).join("\n") + "\n");
  const tolog = (args: string[], env: NodeJS.ProcessEnv = {}) =>
    run(process.execPath, [path.join(pkg, "bin", "tolog.js"), ...args], { cwd: dir, env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: path.join(dir!, "cache"), ...env } });

  expect((await tolog(["--version"])).stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  const query = ["query", "filter msg like /m1/ | stats count(*) by level | sort level asc", "--logs", logs, "--format", "json"];
  const rows = JSON.parse((await tolog(query)).stdout) as { rows: unknown[] };
  // 1, 10-19 and 100-199 match; every fifth of them is an error.
  expect(rows.rows).toEqual([{ level: "error", "count(*)": "22" }, { level: "info", "count(*)": "89" }]);
  const parallel = await tolog(query, { TOLOG_THREADS: "2", TOLOG_PARALLEL_MIN_BYTES: "0" });
  expect(JSON.parse(parallel.stdout)).toEqual(rows);
  expect(parallel.stderr).toBe("");
}, 120_000);

test("npm pack packs package.json without `prepare` (npm 11 would ask users to approve it) and puts the file back", async () => {
  const manifest = readFileSync(path.join(ROOT, "package.json"), "utf8");
  const pkg = JSON.parse(manifest) as { scripts: Record<string, string> };
  expect(pkg.scripts.prepack).toBe("node scripts/pack-manifest.mjs strip");
  expect(pkg.scripts.postpack).toBe("node scripts/pack-manifest.mjs restore");
  const copy = mkdtempSync(path.join(os.tmpdir(), "tolog-pack-manifest-"));
  try {
    writeFileSync(path.join(copy, "package.json"), manifest);
    const step = (name: string) => run(process.execPath, [path.join(ROOT, "scripts", "pack-manifest.mjs"), name], { cwd: copy });
    await step("strip");
    const packed = JSON.parse(readFileSync(path.join(copy, "package.json"), "utf8")) as typeof pkg;
    expect(packed.scripts.prepare).toBeUndefined();
    expect({ ...packed.scripts, prepare: pkg.scripts.prepare }).toEqual(pkg.scripts);
    // A pack that failed after prepack: the next strip starts from the original.
    await step("strip");
    await step("restore");
    expect(readFileSync(path.join(copy, "package.json"), "utf8")).toBe(manifest);
    expect(existsSync(path.join(copy, "package.json.before-pack"))).toBe(false);
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});
