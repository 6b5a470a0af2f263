import type { RunQuery } from "../engine/api.js";
import type { Diagnostic } from "../engine/diagnostics.js";

/** The parts of the engine the endpoint calls. */
export interface EngineLink {
  runQuery: RunQuery;
  checkQuery(text: string): Diagnostic[];
}

// The specifier is a variable only while the engine's entry point is being written by another
// engineer; it becomes a static import once `src/engine/index.ts` exists.
const ENGINE_MODULE = "../engine/index.js";

let loaded: Promise<EngineLink> | undefined;

export function loadEngine(): Promise<EngineLink> {
  loaded ??= import(ENGINE_MODULE).then((engine: EngineLink) => ({
    runQuery: engine.runQuery,
    checkQuery: engine.checkQuery,
  }));
  return loaded;
}
