/**
 * Standard input, or a pipe named as a path (`--logs <(kubectl logs ...)`, a FIFO), can be read
 * only once and not from an offset, but a query may read its source more than once and `@ptr`
 * must lead back to an event. So the stream is copied once to a temporary file (in the system's
 * temporary directory, `TMPDIR`; as big as the stream), which is then read like any other file
 * through a handle kept open.
 *
 * The file's name is removed right after it is created and before a byte is copied: the copy
 * lives on through the open handle only, and the system frees it when the process ends, however
 * it ends (Ctrl-C, SIGTERM, a crash, kill -9) — no exit handler has to run. Where the system
 * refuses to remove an open file's name, it is removed when the process exits normally.
 */
import { rmSync } from "node:fs";
import { mkdtemp, open, rm, type FileHandle } from "node:fs/promises";
import os from "node:os";
import path from "node:path";

export interface Spooled {
  /** Where the copy was made (its name is already gone). */
  path: string;
  handle: FileHandle;
}

// Kept for the life of the process: a stream is read once per process, and a handle collected
// while open would be closed with a warning.
const openSpools: FileHandle[] = [];

export class StreamSpool {
  private spooled: Promise<Spooled> | undefined;

  constructor(private readonly input: NodeJS.ReadableStream) {}

  /** The copy of the stream, made on the first call. */
  file(): Promise<Spooled> {
    this.spooled ??= this.spool();
    return this.spooled;
  }

  private async spool(): Promise<Spooled> {
    const dir = await mkdtemp(path.join(os.tmpdir(), "tolog-stream-"));
    const file = path.join(dir, "stream");
    let handle: FileHandle;
    try {
      handle = await open(file, "wx+");
    } finally {
      await forget(dir);
    }
    openSpools.push(handle);
    // Loaded when stdin or a pipe is read: node:stream/promises for this one call.
    const { pipeline } = process.getBuiltinModule("node:stream/promises");
    await pipeline(this.input, handle.createWriteStream({ autoClose: false, start: 0 }));
    return { path: file, handle };
  }
}

/** Removes the spool's directory and name now, or at exit where the system keeps open files' names. */
async function forget(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true }).catch(() => {
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  });
}
