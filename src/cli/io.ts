/**
 * Everything the CLI touches in the outside world besides files, passed in so that tests run
 * `main()` in-process with captured output and a chosen environment.
 */

export interface Writer {
  write(chunk: string): unknown;
}

export interface Io {
  /** Results only: tables, JSON, CSV. */
  stdout: Writer;
  /** Progress, warnings, footers and errors. */
  stderr: Writer;
  stdin: NodeJS.ReadableStream;
  env: Record<string, string | undefined>;
  /** Whether stdout is a terminal: turns colour on by default and fits tables to its width. */
  isTTY: boolean;
  /** Terminal width in characters, when known. */
  columns?: number;
  /** Terminal height in lines, when known: the interactive views fit it. */
  rows?: number;
}

export function processIo(): Io {
  return {
    stdout: quietOnClosedPipe(process.stdout),
    stderr: quietOnClosedPipe(process.stderr),
    // Made on first use: Node builds a stream for stdin when it is first read (a terminal's loads
    // the socket and stream modules), and only `--logs -` and the interactive views read it.
    get stdin() {
      return process.stdin;
    },
    env: process.env,
    isTTY: process.stdout.isTTY === true,
    columns: process.stdout.isTTY ? process.stdout.columns : undefined,
    rows: process.stdout.isTTY ? process.stdout.rows : undefined,
  };
}

/**
 * `tolog query ... | head -1` closes stdout early; the write then fails with EPIPE, which would
 * crash with a stack trace. The reader has all it wanted, so the rest is dropped quietly. So is
 * stderr's, on the same pipe after `2>&1` (its footer failed the run with exit 1, unsaid).
 */
function quietOnClosedPipe(stream: NodeJS.WriteStream): Writer {
  let closed = false;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code !== "EPIPE") throw error;
    closed = true;
  });
  return { write: (chunk: string) => !closed && stream.write(chunk) };
}
