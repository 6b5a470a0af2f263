import { Readable } from "node:stream";
import type { AnyCommand } from "../command.js";
import type { MainDeps } from "../context.js";
import type { Io } from "../io.js";
import { main } from "../main.js";

export interface RunOptions {
  env?: Record<string, string | undefined>;
  stdin?: string;
  isTTY?: boolean;
  columns?: number;
  deps?: MainDeps;
  /** Updated as output is written, for a test that acts on it before the command ends (--follow). */
  live?: { stdout: string; stderr: string };
  /** Another registry (tests of the frame itself); tolog's own by default. */
  commands?: readonly AnyCommand[];
}

export interface RunOutput {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Runs `main()` in-process, as the binary would, with captured output and an environment of
 * the test's choosing (nothing from the real one, so TOLOG_* in a developer's shell cannot leak
 * in). `now` is pinned so that relative times are reproducible.
 */
export async function runTolog(args: string[], options: RunOptions = {}): Promise<RunOutput> {
  let stdout = "";
  let stderr = "";
  const io: Io = {
    stdout: { write: (chunk: string) => ((stdout += chunk), options.live && (options.live.stdout += chunk)) },
    stderr: { write: (chunk: string) => ((stderr += chunk), options.live && (options.live.stderr += chunk)) },
    stdin: Readable.from([options.stdin ?? ""]),
    env: options.env ?? {},
    isTTY: options.isTTY ?? false,
    columns: options.columns,
  };
  const code = await main(args, io, { now: () => Date.UTC(2026, 10, 21, 12), ...options.deps }, options.commands);
  return { code, stdout, stderr };
}
