/**
 * The parts of the engine and of the local source that the CLI calls, as one injectable
 * bundle: tests pass fakes through `main(argv, io, deps)`, the binary loads the real modules.
 */
import type { QueryResult, RunOptions } from "../engine/api.js";
import type { Diagnostic } from "../engine/diagnostics.js";
import type { EventSource } from "../engine/source.js";

export interface Engine {
  runQuery(text: string, source: EventSource, options?: RunOptions): Promise<QueryResult>;
  /** Every problem a query has, found without running it. */
  checkQuery(text: string): Diagnostic[];
  /** What runs, but not as written (a period over its cap): warnings, each with a span. */
  queryNotes(text: string): Diagnostic[];
  /** The query with carets under each diagnostic's span, codes and help lines. */
  renderDiagnostics(text: string, diagnostics: Diagnostic[], options: { color: boolean; width?: number }): string;
}

export interface LocalSourceOptions {
  stdin?: NodeJS.ReadableStream;
  onWarning?: (message: string) => void;
}

export type OpenLocalSource = (paths: string[], options?: LocalSourceOptions) => EventSource;

// Loaded lazily so that `tolog --help` and commands that run no query do not pay for the engine.
export async function loadEngine(): Promise<Engine> {
  const engine = await import("../engine/index.js");
  return {
    runQuery: engine.runQuery,
    checkQuery: engine.checkQuery,
    queryNotes: engine.queryNotes,
    renderDiagnostics: engine.renderDiagnostics,
  };
}

export async function loadOpenLocalSource(): Promise<OpenLocalSource> {
  const local = await import("../sources/local/index.js");
  return local.openLocalSource;
}
