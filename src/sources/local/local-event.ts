import type { LogEvent } from "../../engine/source.js";
import type { DiscoveredFields } from "../../engine/discover.js";
import type { VendedFormat } from "../../engine/vended/tally.js";
import { FILE_ID_LENGTH } from "./local-file.js";

/**
 * An event read from a local file. `@ptr` is the file's id followed by the line's byte offset in
 * base 36; it is built only when asked for, since most events of a scan never reach a result row.
 */
export class LocalEvent implements LogEvent {
  constructor(
    public timestamp: number,
    public ingestionTime: number,
    public message: string,
    public logGroup: string,
    public logStream: string,
    private readonly fileId: string,
    /** The line's byte offset in the file (what `@ptr` encodes). */
    readonly offset: number,
    /** The fields the query reads, when extracted from the raw line (`ReadOptions.fields`). */
    public fields: DiscoveredFields | undefined = undefined,
    /** The vended text format `fields` were read as, if any (`LogEvent.vended`). */
    public vended: VendedFormat | undefined = undefined,
  ) {}

  get ptr(): string {
    return encodePtr(this.fileId, this.offset);
  }

  /** Keeps `ptr` in JSON copies, which skip getters. */
  toJSON(): LogEvent {
    const { timestamp, ingestionTime, message, logGroup, logStream, ptr } = this;
    return { timestamp, ingestionTime, message, logGroup, logStream, ptr };
  }
}

export function encodePtr(fileId: string, offset: number): string {
  return fileId + offset.toString(36);
}

export function decodePtr(ptr: string): { fileId: string; offset: number } | undefined {
  if (ptr.length <= FILE_ID_LENGTH || ptr.length > FILE_ID_LENGTH + 12) return undefined;
  const tail = ptr.slice(FILE_ID_LENGTH);
  if (!/^[0-9a-z]+$/.test(tail)) return undefined;
  const offset = parseInt(tail, 36);
  return Number.isSafeInteger(offset) ? { fileId: ptr.slice(0, FILE_ID_LENGTH), offset } : undefined;
}
