import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

/** Compiled entry points, next to this file in dist/service/src/demo/. */
export const SERVICE_MAIN = fileURLToPath(new URL("../main.js", import.meta.url));
export const LOAD_MAIN = fileURLToPath(new URL("../../loadtest/runner/main.js", import.meta.url));

export interface ChildService {
  url: string;
  child: ChildProcess;
  /** SIGTERM, then wait (bounded) for the drain; SIGKILL only if it hangs. */
  stop(): Promise<number | null>;
}

/**
 * Starts the service as its own process, the way `npm start -w service` does, and waits until
 * /api/v1/health answers 200 (bounded: a first start runs initdb).
 */
export async function startServiceProcess(env: Record<string, string>, port: number, stderrPrefix = "service"): Promise<ChildService> {
  const child = spawn(process.execPath, [SERVICE_MAIN], {
    env: { ...process.env, ...env, PORT: String(port), HOST: "127.0.0.1" },
    // The log lines go to LOG_FILE; stdout would be the same lines again.
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr?.on("data", (c: Buffer) => process.stderr.write(`${stderrPrefix}: ${c.toString()}`));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 180_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with code ${child.exitCode} before it was ready`);
    try {
      const res = await fetch(`${url}/api/v1/health`, { signal: AbortSignal.timeout(2000) });
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      child.kill("SIGKILL");
      throw new Error("the service did not become healthy within 180 s");
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    child,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      child.kill("SIGTERM");
      const killer = setTimeout(() => child.kill("SIGKILL"), 30_000);
      const code = await exited;
      clearTimeout(killer);
      return code;
    },
  };
}

/** Runs the load runner to completion with the terminal as its output. */
export function runLoad(args: string[]): Promise<number | null> {
  const child = spawn(process.execPath, [LOAD_MAIN, ...args], { stdio: ["ignore", "inherit", "inherit"] });
  return new Promise((resolve) => child.on("exit", (code) => resolve(code)));
}
