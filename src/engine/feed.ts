import type { LogEvent } from "./source.js";

/**
 * Events as they arrive, for a query that keeps running (`--follow`): local files that grow,
 * stdin, a CloudWatch log group polled. Each `poll` hands over what arrived since the one before.
 */
export interface EventFeed {
  /**
   * The events that arrived since the last poll; `behind` when more is already waiting (a
   * poll hands over a bounded amount, so that memory stays bounded on a fast writer).
   */
  poll(): Promise<{ events: LogEvent[]; behind: boolean }>;
  /** How often to poll, ms: local files cheaply and often, CloudWatch within its request quota. */
  readonly pollEveryMs: number;
  /** What is followed, for a status line: "2 files", "log group /app". */
  describe(): string;
  /** Releases files and streams; nothing is left open or running. */
  close(): Promise<void>;
}
