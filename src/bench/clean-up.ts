/**
 * What the bench must not leave behind however it ends: the data it generated in a temporary
 * directory (up to 2 GB), the field index it builds beside the data, and the tools' processes.
 * A `finally` does not run when a signal ends the process, so these are registered for the
 * process's 'exit', which the project's signal rule runs before the signal ends it (130 for
 * Ctrl-C, 143 for SIGTERM, 129 for SIGHUP: src/shared/signals.ts).
 */
import type { ChildProcess } from "node:child_process";
import { rmSync } from "node:fs";
import { constants } from "node:os";
import { installSignalExits } from "../shared/signals.js";

const paths = new Set<string>();
const running = new Set<ChildProcess>();

/**
 * stdout or stderr closed under the bench (`npm run bench 2>&1 | head`): nobody reads what it
 * would time. It stops as a writer a shell sees ended by SIGPIPE: 128 + its number.
 */
const CLOSED_PIPE_EXIT = 128 + constants.signals.SIGPIPE;

let installed = false;

export function installCleanUp(): void {
  if (installed) return;
  installed = true;
  installSignalExits();
  process.once("exit", cleanUp);
  for (const stream of [process.stdout, process.stderr]) {
    stream.on("error", (error: NodeJS.ErrnoException) => {
      if (error.code !== "EPIPE") throw error;
      process.exit(CLOSED_PIPE_EXIT);
    });
  }
}

/** Removes `target` at exit unless the returned function, which removes it now, was called first. */
export function removeAtExit(target: string): () => void {
  paths.add(target);
  return () => {
    paths.delete(target);
    rmSync(target, { recursive: true, force: true });
  };
}

/**
 * A tool's process, stopped at exit while it runs. It leads a process group of its own
 * (`detached`), so that GNU time's child and a jq pipeline's processes stop with it.
 */
export function stopAtExit(child: ChildProcess): void {
  running.add(child);
  child.once("close", () => running.delete(child));
}

function cleanUp(): void {
  for (const child of running) {
    try {
      if (child.pid !== undefined) process.kill(-child.pid, "SIGKILL");
    } catch {
      // It ended meanwhile.
    }
  }
  // The tools first: a `tolog index` still running would write its index again once removed.
  for (const target of paths) rmSync(target, { recursive: true, force: true });
}
