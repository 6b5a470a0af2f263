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

  // `--version` alone is answered by bin/tolog.js itself, without the CLI; with another argument the
  // CLI (yargs) answers: both print package.json's version.
  const { version } = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8")) as { version: string };
  expect(await tolog(["--version"])).toMatchObject({ stdout: `${version}\n`, stderr: "" });
  expect(await tolog(["--version", "--no-color"])).toMatchObject({ stdout: `${version}\n`, stderr: "" });
  // yargs' version guess reads the package.json above the bundle, not the working directory's
  // listing (scripts/bundle.mjs): tolog runs wherever the user is, in folders of thousands of logs.
  const listed = path.join(dir, "listed.txt");
  const preload = path.join(dir, "record-readdir.cjs");
  writeFileSync(
    preload,
    `const fs = require("node:fs");\nconst real = fs.readdirSync;\nfs.readdirSync = function (p, ...rest) {\n  fs.appendFileSync(${JSON.stringify(listed)}, String(p) + "\\n");\n  return real.call(this, p, ...rest);\n};\n`,
  );
  const elsewhere = mkdtempSync(path.join(dir, "cwd-"));
  writeFileSync(listed, "");
  await run(process.execPath, ["-r", preload, path.join(pkg, "bin", "tolog.js"), "queries", "list"], { cwd: elsewhere, env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: path.join(dir, "cache") } });
  expect(readFileSync(listed, "utf8").split("\n").filter((p) => p !== "").map((p) => path.resolve(elsewhere, p))).not.toContain(elsewhere);
  const query = ["query", "filter msg like /m1/ | stats count(*) by level | sort level asc", "--logs", logs, "--format", "json"];
  const rows = JSON.parse((await tolog(query)).stdout) as { rows: unknown[] };
  // 1, 10-19 and 100-199 match; every fifth of them is an error.
  expect(rows.rows).toEqual([{ level: "error", "count(*)": "22" }, { level: "info", "count(*)": "89" }]);
  // The worker is started before the CLI loads (src/cli/prestart.ts), and it is the one the run takes.
  const workers = path.join(dir, "workers.json");
  const recordWorkers = path.join(dir, "record-workers.cjs");
  writeFileSync(
    recordWorkers,
    `const threads = require("node:worker_threads");
const made = [];
const Real = threads.Worker;
` +
      `threads.Worker = class extends Real {
  constructor(...args) {
    super(...args);
` +
      `    const worker = { cliLoaded: Object.keys(require.cache).some((f) => f.endsWith(${JSON.stringify(path.sep + "main.js")})), job: false };
` +
      `    made.push(worker);
    const post = this.postMessage.bind(this);
    this.postMessage = (message, transfer) => ((worker.job = true), post(message, transfer));
  }
};
` +
      `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(workers)}, JSON.stringify(made)));
`,
  );
  const parallel = await run(process.execPath, ["-r", recordWorkers, path.join(pkg, "bin", "tolog.js"), ...query], {
    cwd: dir,
    env: { ...process.env, NO_COLOR: "1", XDG_CACHE_HOME: path.join(dir, "cache"), TOLOG_THREADS: "2", TOLOG_PARALLEL_MIN_BYTES: "0" },
  });
  expect(JSON.parse(parallel.stdout)).toEqual(rows);
  expect(parallel.stderr).toBe("");
  expect(JSON.parse(readFileSync(workers, "utf8"))).toEqual([{ cliLoaded: false, job: true }]);
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
