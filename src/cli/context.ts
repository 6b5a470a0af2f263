import { Chalk, type ChalkInstance } from "chalk";
import type { Engine, OpenLocalSource } from "./engine.js";
import { loadEngine, loadOpenLocalSource } from "./engine.js";
import type { Io } from "./io.js";

/** What a command handler may use besides its arguments. Tests replace parts through `MainDeps`. */
export interface HandlerContext {
  io: Io;
  /** Whether output may carry ANSI colours (TTY, no NO_COLOR, no --no-color). */
  color: boolean;
  chalk: ChalkInstance;
  debug: boolean;
  /** The clock, epoch ms; relative times (`--since 2h`) are resolved against it. */
  now(): number;
  engine(): Promise<Engine>;
  openLocalSource(): Promise<OpenLocalSource>;
  /** The `queries/` directory that ships with tolog. */
  bundledQueriesDir: string;
  /** Writes a result to stdout (a newline is added when missing). */
  print(text: string): void;
  /** A non-fatal problem, on stderr. */
  warn(message: string): void;
  /** Information for people (footers, progress), on stderr. */
  info(message: string): void;
  /** Ends a `--follow` run as a signal would (tests); in the binary only signals end it. */
  stop?: AbortSignal;
}

/** Replaceable dependencies of `main()`; anything left out is the real thing. */
export interface MainDeps {
  engine?: Engine;
  openLocalSource?: OpenLocalSource;
  now?: () => number;
  bundledQueriesDir?: string;
  stop?: AbortSignal;
}

export function createContext(
  io: Io,
  flags: { color: boolean; debug: boolean },
  deps: MainDeps,
  bundledQueriesDir: string,
): HandlerContext {
  const chalk = new Chalk({ level: flags.color ? 1 : 0 });
  const line = (text: string) => (text.endsWith("\n") ? text : text + "\n");
  return {
    io,
    color: flags.color,
    chalk,
    debug: flags.debug,
    now: deps.now ?? Date.now,
    engine: async () => deps.engine ?? loadEngine(),
    openLocalSource: async () => deps.openLocalSource ?? loadOpenLocalSource(),
    bundledQueriesDir: deps.bundledQueriesDir ?? bundledQueriesDir,
    print: (text) => void io.stdout.write(line(text)),
    warn: (message) => void io.stderr.write(line(`${chalk.yellow("warning:")} ${message}`)),
    info: (message) => void io.stderr.write(line(message)),
    ...(deps.stop ? { stop: deps.stop } : {}),
  };
}

/**
 * Colour is on for a terminal unless NO_COLOR is set (https://no-color.org); an explicit
 * `--color` / `--no-color` (or TOLOG_COLOR) wins over both.
 */
export function decideColor(flag: boolean | undefined, io: Io): boolean {
  if (flag !== undefined) return flag;
  if (io.env.NO_COLOR !== undefined && io.env.NO_COLOR !== "") return false;
  return io.isTTY;
}
