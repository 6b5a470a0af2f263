import { execFile, spawn, type ChildProcess } from "node:child_process";
import { rm } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { promisify } from "node:util";

/**
 * For tests of what only the compiled build does (query threads load compiled JavaScript) and
 * of real processes (kill -9, a second endpoint): a build of the current sources of their own,
 * and `tolog serve` run from it as a child process.
 */
const ROOT = fileURLToPath(new URL("../../../", import.meta.url));

export interface Build {
  dir: string;
  /** A module of the build, by its path under the repository (`src/serve/index.ts`). */
  module(source: string): string;
  remove(): Promise<void>;
}

export async function buildInto(name: string): Promise<Build> {
  const dir = path.join(ROOT, "node_modules", ".cache", name);
  await promisify(execFile)(process.execPath, ["node_modules/typescript/bin/tsc", "-p", "tsconfig.build.json", "--outDir", dir], { cwd: ROOT }).catch(
    (error: { stdout?: string }) => {
      // Type errors elsewhere in the tree still emit JavaScript; only a failed build is fatal.
      if (!/error TS/.test(error.stdout ?? "")) throw error;
    },
  );
  return {
    dir,
    module: (source) => pathToFileURL(path.join(dir, source.replace(/\.ts$/, ".js"))).href,
    remove: () => rm(dir, { recursive: true, force: true }),
  };
}

export interface ServeChild {
  child: ChildProcess;
  /** The endpoint's URL, once it printed it; undefined when it ended first. */
  url: Promise<string | undefined>;
  stderr(): string;
  exited: Promise<number | null>;
}

/** `tolog serve --port 0 --dir <dir> ...` from the build, as a child process. */
export function spawnServe(build: Build, dir: string, extra: string[] = [], prefix: string[] = []): ServeChild {
  const runner = "const { main } = await import(process.env.TOLOG_MAIN); process.exitCode = await main(process.argv.slice(1));";
  const argv = [process.execPath, "--input-type=module", "-e", runner, "serve", "--port", "0", "--dir", dir, ...extra];
  const [command, ...args] = [...prefix, ...argv];
  const child = spawn(command, args, {
    env: { PATH: process.env.PATH, TOLOG_MAIN: build.module("src/cli/main.ts") },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = new Promise<string | undefined>((resolve) => {
    child.stdout!.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /AWS_ENDPOINT_URL_CLOUDWATCH_LOGS=(\S+)/.exec(stdout);
      if (match) resolve(match[1]);
    });
    void exited.then(() => resolve(undefined));
  });
  child.stderr!.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return { child, url, stderr: () => stderr, exited };
}
