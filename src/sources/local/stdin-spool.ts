/**
 * Standard input can be read only once, but a query may read its source more than once and
 * `@ptr` must lead back to an event. So stdin is copied once to a temporary file, which is then
 * read like any other file and removed when the process exits.
 */
import { createWriteStream, mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";

export class StdinSpool {
  private spooled: Promise<string> | undefined;

  constructor(private readonly input: NodeJS.ReadableStream) {}

  /** The path of the copy of stdin, made on the first call. */
  path(): Promise<string> {
    this.spooled ??= this.spool();
    return this.spooled;
  }

  private async spool(): Promise<string> {
    const dir = mkdtempSync(path.join(os.tmpdir(), "tolog-stdin-"));
    process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
    const file = path.join(dir, "stdin");
    await pipeline(this.input, createWriteStream(file));
    return file;
  }
}
