import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { interruptedBy, onInterrupt, unlessInterrupted } from "./interrupt.js";

/** Compiled entry points, next to this file in dist/service/src/demo/. */
export const SERVICE_MAIN = fileURLToPath(new URL("../main.js", import.meta.url));
export const LOAD_MAIN = fileURLToPath(new URL("../../loadtest/runner/main.js", import.meta.url));

export interface ChildService {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then wait (bounded) for the drain; SIGKILL only if it hangs. The same stop however often called. */
  stop(): Promise<number | null>;
}

/**
 * A child's stop, once: `signal`, then up to `waitMs` for it to end, then SIGKILL. Resolves with
 * its exit code (null when a signal ended it).
 */
function stopper(child: ChildProcess, exited: Promise<number | null>, signal: NodeJS.Signals, waitMs: number): () => Promise<number | null> {
  let stopping: Promise<number | null> | undefined;
  return () =>
    (stopping ??= (async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      child.kill(signal);
      const killer = setTimeout(() => child.kill("SIGKILL"), waitMs);
      const code = await exited;
      clearTimeout(killer);
      return code;
    })());
}

/**
 * Starts the service as its own process, the way `npm start -w service` does, and waits until
 * /api/v1/health answers 200 (bounded: a first start runs initdb). It runs in a process group
 * of its own: a terminal's Ctrl-C or hang-up reaches the script that started it, which stops it
 * in order (interrupt.ts); so does the end of that script.
 */
export async function startServiceProcess(env: Record<string, string>, port: number, stderrPrefix = "service"): Promise<ChildService> {
  if (interruptedBy()) return new Promise<never>(() => undefined); // nothing new once interrupted
  const child = spawn(process.execPath, [SERVICE_MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    // The log lines go to LOG_FILE; stdout would be the same lines again.
    stdio: ["ignore", "ignore", "pipe"],
    detached: true,
  });
  child.stderr?.on("data", (c: Buffer) => process.stderr.write(`${stderrPrefix}: ${c.toString()}`));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const stop = stopper(child, exited, "SIGTERM", 30_000);
  const untrack = onInterrupt(stop);
  void exited.then(untrack);
  const url = `http://127.0.0.1:${port}`;
  const ready = async () => {
    const deadline = Date.now() + 180_000;
    for (;;) {
      if (child.exitCode !== null || child.signalCode !== null) {
        throw new Error(`the service exited with ${child.exitCode ?? child.signalCode} before it was ready`);
      }
      try {
        const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
        if (res.status === 200) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error("the service did not become healthy within 180 s");
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  await unlessInterrupted(ready());
  return { url, child, stop };
}

/**
 * Runs the load runner to completion with the terminal as its output, in a process group of its
 * own like the service's; when the script is interrupted it gets SIGINT and prints its summary
 * so far.
 */
export async function runLoad(args: string[]): Promise<number | null> {
  return (await runChild(LOAD_MAIN, args, { detached: true, stopSignal: "SIGINT" })).code;
}

/**
 * Runs a Node script to its end with the terminal as its output; when the script that runs it
 * is interrupted, it is stopped with `stopSignal` (then SIGKILL after 10 s), and the promise
 * never settles.
 */
export function runChild(
  file: string,
  args: string[],
  options: { cwd?: string; detached?: boolean; stopSignal?: NodeJS.Signals } = {},
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (interruptedBy()) return new Promise<never>(() => undefined); // nothing new once interrupted
  const child = spawn(process.execPath, [file, ...args], { stdio: ["ignore", "inherit", "inherit"], cwd: options.cwd, detached: options.detached ?? false });
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on("exit", (code, signal) => resolve({ code, signal })));
  const untrack = onInterrupt(stopper(child, ended.then((e) => e.code), options.stopSignal ?? "SIGTERM", 10_000));
  void ended.then(untrack);
  return unlessInterrupted(ended);
}
