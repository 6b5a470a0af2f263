import type { RunQuery } from "../engine/api.js";
import type { Diagnostic } from "../engine/diagnostics.js";

/** The parts of the engine the endpoint calls; tests may pass their own. */
export interface EngineLink {
  runQuery: RunQuery;
  checkQuery(text: string): Diagnostic[];
}

let loaded: Promise<EngineLink> | undefined;

/** tolog's engine, loaded on the first query so that an endpoint only written to starts fast. */
export function loadEngine(): Promise<EngineLink> {
  loaded ??= import("../engine/index.js").then((engine) => ({
    runQuery: engine.runQuery,
    checkQuery: engine.checkQuery,
  }));
  return loaded;
}
