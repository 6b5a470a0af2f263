/**
 * Standard input, or a pipe named as a path (`--logs <(kubectl logs ...)`, a FIFO), can be read
 * only once and not from an offset, but a query may read its source more than once and `@ptr`
 * must lead back to an event. So the stream is copied once to a temporary file, which is then
 * read like any other file through a handle kept open. The file's name is removed as soon as it
 * is open, so nothing is left behind however the process ends (where the system refuses to
 * remove an open file, it goes when the process exits normally).
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { open, rm, type FileHandle } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";

export interface Spooled {
  /** Where the copy was made (its name may already be gone). */
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
    const dir = mkdtempSync(path.join(os.tmpdir(), "tolog-stream-"));
    const file = path.join(dir, "stream");
    try {
      await pipeline(this.input, createWriteStream(file));
      const handle = await open(file, "r");
      openSpools.push(handle);
      await rm(dir, { recursive: true, force: true }).catch(() => {
        process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
      });
      return { path: file, handle };
    } catch (error) {
      rmSync(dir, { recursive: true, force: true });
      throw error;
    }
  }
}
