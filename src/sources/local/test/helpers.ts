import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { EventSource, LogEvent, ReadOptions, ReadStatistics } from "../../../engine/source.js";
import { openLocalSource, type LocalSourceOptions } from "../index.js";

/** A temporary directory, removed by `cleanup()`. */
export class TempDir {
  readonly root = mkdtempSync(path.join(os.tmpdir(), "tolog-local-test-"));

  /** Writes `content` (gzip-compressed when `gzip`) at `relative`, creating directories. */
  write(relative: string, content: string | Buffer, options: { gzip?: boolean; mtime?: number } = {}): string {
    const full = path.join(this.root, relative);
    mkdirSync(path.dirname(full), { recursive: true });
    writeFileSync(full, options.gzip ? gzipSync(content) : content);
    if (options.mtime !== undefined) utimesSync(full, options.mtime / 1000, options.mtime / 1000);
    return full;
  }

  path(relative = ""): string {
    return path.join(this.root, relative);
  }

  cleanup(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}

export interface Collected {
  events: LogEvent[];
  stats: ReadStatistics;
  warnings: string[];
  source: EventSource;
}

export async function readAll(paths: string[], read: ReadOptions = {}, options: LocalSourceOptions = {}): Promise<Collected> {
  const warnings: string[] = [];
  const source = openLocalSource(paths, { onWarning: (m) => warnings.push(m), ...options });
  const stats: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
  const events: LogEvent[] = [];
  for await (const event of source.read(read, stats)) events.push(event);
  return { events, stats, warnings, source };
}

export function messages(events: LogEvent[]): string[] {
  return events.map((e) => e.message);
}

export const ms = (iso: string): number => Date.parse(iso);
