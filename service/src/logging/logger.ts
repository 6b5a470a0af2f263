import { pino, type DestinationStream, type Logger } from "pino";
import type { Config } from "../config.js";
import { contextFields } from "./request-context.js";

export type Location = "app" | "requests" | "db" | "todos";

/** Fields of one log line besides the common ones; `event` is required by the schema. */
export interface EventFields {
  event: string;
  [key: string]: unknown;
}

export interface AppLogger {
  debug(location: Location, fields: EventFields, message: string): void;
  info(location: Location, fields: EventFields, message: string): void;
  warn(location: Location, fields: EventFields, message: string): void;
  error(location: Location, fields: EventFields, message: string): void;
  /** Writes out anything buffered; call before exit. */
  flush(): void;
  readonly level: string;
}

export interface LogOutput {
  /** Where the lines go; several outputs mean the same line is written to each. */
  streams: DestinationStream[];
  flush(): void;
}

/**
 * THE SEAM: every log line of the service is written to the streams assembled here, and nowhere
 * else. stdout always; the LOG_FILE when configured. An extra shipper (e.g. CloudWatch) plugs in
 * by pushing one more DestinationStream (anything with `write(line: string)`) onto `streams`,
 * and, if it buffers, by extending `flush`.
 */
export function buildLogOutput(config: Pick<Config, "logFile">): LogOutput {
  const stdout = pino.destination({ dest: 1, sync: false });
  // A terminal that was closed (SIGHUP) answers EIO, a reader that went away EPIPE (which pino
  // handles itself): the lines still reach LOG_FILE, and the service must still stop cleanly.
  stdout.on("error", (err: NodeJS.ErrnoException) => {
    if (err.code !== "EIO" && err.code !== "EPIPE") throw err;
    stdout.write = () => true;
    stdout.flushSync = () => undefined;
  });
  const streams: DestinationStream[] = [stdout];
  const booms = [stdout];
  if (config.logFile) {
    const file = pino.destination({ dest: config.logFile, append: true, mkdir: true, sync: false });
    streams.push(file);
    booms.push(file);
  }
  return {
    streams,
    flush() {
      for (const b of booms) {
        try {
          b.flushSync();
        } catch {
          // flushSync throws while the stream is still opening; the async write finishes it.
        }
      }
    },
  };
}

/** Logger factory: pino under the hood, shaped to log schema v1 (flat snake_case keys). */
export function createLogger(config: Pick<Config, "logLevel" | "service" | "instance" | "version">, output: LogOutput): AppLogger {
  const destination: DestinationStream =
    output.streams.length === 1
      ? output.streams[0]
      : // multistream filters each stream at "info" unless told otherwise; the logger level decides.
        pino.multistream(output.streams.map((stream) => ({ stream, level: "debug" as const })));
  const base = pino(
    {
      level: config.logLevel,
      base: { service: config.service, instance: config.instance, version: config.version },
      messageKey: "message",
      timestamp: () => `,"timestamp":"${new Date().toISOString()}"`,
      formatters: { level: (label) => ({ level: label }) },
      // The request keys come from the async context, so SQL lines carry them too.
      mixin: () => contextFields(),
    },
    destination,
  );
  const children: Record<Location, Logger> = {
    app: base.child({ location: "app" }),
    requests: base.child({ location: "requests" }),
    db: base.child({ location: "db" }),
    todos: base.child({ location: "todos" }),
  };
  return {
    debug: (loc, fields, msg) => children[loc].debug(fields, msg),
    info: (loc, fields, msg) => children[loc].info(fields, msg),
    warn: (loc, fields, msg) => children[loc].warn(fields, msg),
    error: (loc, fields, msg) => children[loc].error(fields, msg),
    flush: () => {
      base.flush();
      output.flush();
    },
    get level() {
      return base.level;
    },
  };
}

/** Milliseconds with at most three decimals, as the schema asks. */
export function ms(value: number): number {
  return Math.round(value * 1000) / 1000;
}
