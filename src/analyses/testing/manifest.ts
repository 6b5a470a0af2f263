import type { OrphanReason } from "../races/causes.js";

/** What a run's manifest says the analyses must find. */
export interface Expectations {
  producer: string;
  created: number;
  left: number;
  /** The orphans' dominant cause implied by the scenario, when it implies one. */
  cause?: OrphanReason;
  exampleRequestIds: { id: string; lines?: number }[];
}

/**
 * Reads a manifest (the course-practical generator's, or the service's recorder's) into
 * expectations. The cause comes from the scenario: the single-quote bug sends no DELETE, the
 * 2023 variant sends DELETEs with `undefined` as the id.
 */
export function expectationsOf(manifest: Record<string, unknown>): Expectations {
  const truth = (manifest.ground_truth ?? {}) as { database?: Record<string, number>; client?: Record<string, unknown> };
  const todos = (manifest.todos ?? {}) as Record<string, number>;
  const scenario = [manifest.name, manifest.scenario, manifest.client_bug].map((part) => JSON.stringify(part ?? "")).join(" ");
  // the 2023 variant's name also contains "course-bugs": test for it first
  const cause: OrphanReason | undefined = /undefined|2023/.test(scenario)
    ? "malformed_delete"
    : /single-quote|course-bugs/.test(scenario)
      ? "no_delete"
      : undefined;
  return {
    producer: String(manifest.producer ?? "taskoverflow"),
    created: Number(truth.database?.todos_created ?? todos.created),
    left: Number(truth.database?.todos_left ?? todos.left),
    ...(cause ? { cause } : {}),
    exampleRequestIds: examplesOf(manifest),
  };
}

function examplesOf(manifest: Record<string, unknown>): { id: string; lines?: number }[] {
  const client = ((manifest.ground_truth ?? {}) as { client?: Record<string, unknown> }).client ?? {};
  const examples = (manifest.example_requests ?? client.example_request_id_by_route ?? {}) as Record<string, unknown>;
  return Object.values(examples).map((value) =>
    typeof value === "string" ? { id: value } : { id: String((value as { request_id: string }).request_id), lines: (value as { lines?: number }).lines },
  );
}
