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
  const todos = (manifest.todos ?? {}) as Record<string, number>;
  const scenario = `${manifest.scenario ?? ""} ${manifest.client_bug ?? ""} ${JSON.stringify(manifest.flags ?? "")}`;
  const cause: OrphanReason | undefined = /single-quote|course-bugs/.test(scenario)
    ? "no_delete"
    : /undefined/.test(scenario)
      ? "malformed_delete"
      : undefined;
  return {
    producer: String(manifest.producer ?? "taskoverflow"),
    created: Number(todos.created),
    left: Number(todos.left ?? todos.left_in_table),
    ...(cause ? { cause } : {}),
    exampleRequestIds: examplesOf(manifest),
  };
}

function examplesOf(manifest: Record<string, unknown>): { id: string; lines?: number }[] {
  const examples = (manifest.example_requests ?? manifest.example_request_ids ?? {}) as Record<string, unknown>;
  return Object.values(examples).map((value) =>
    typeof value === "string" ? { id: value } : { id: String((value as { request_id: string }).request_id), lines: (value as { lines?: number }).lines },
  );
}
