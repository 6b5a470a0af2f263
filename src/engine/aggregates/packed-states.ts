/**
 * The saved states of one aggregate over every group of a part (engine/parallel), packed for the
 * message a worker sends: counts as one array of doubles, exact sums (lists of doubles) as one
 * array of doubles and where each list ends. A part of 1 GB of flow logs has 70,000 groups, and
 * an object per group (and several per exact sum) took most of a worker's time to send, and of
 * the main thread's memory and time to take in. Any other state is sent as it is.
 */
export type PackedStates = { kind: "numbers"; values: Float64Array } | { kind: "lists"; ends: Uint32Array; values: Float64Array } | { kind: "any"; states: unknown[] };

export function packStates(states: unknown[]): PackedStates {
  if (states.every((s) => typeof s === "number")) return { kind: "numbers", values: Float64Array.from(states as number[]) };
  if (!states.every((s) => Array.isArray(s) && s.every((x) => typeof x === "number"))) return { kind: "any", states };
  const lists = states as number[][];
  const ends = new Uint32Array(lists.length);
  let total = 0;
  for (let i = 0; i < lists.length; i++) ends[i] = total += lists[i].length;
  const values = new Float64Array(total);
  for (let i = 0; i < lists.length; i++) values.set(lists[i], ends[i] - lists[i].length);
  return { kind: "lists", ends, values };
}

/** Group `i`'s state, as `save()` gave it. */
export function unpackState(packed: PackedStates, i: number): unknown {
  switch (packed.kind) {
    case "numbers":
      return packed.values[i];
    case "lists":
      return Array.from(packed.values.subarray(i === 0 ? 0 : packed.ends[i - 1], packed.ends[i]));
    default:
      return packed.states[i];
  }
}

/** The buffers a worker's message can hand over rather than copy: packed arrays, and states that are arrays of doubles. */
export function transferables(packed: readonly PackedStates[]): ArrayBuffer[] {
  const buffers = new Set<ArrayBuffer>();
  for (const p of packed) {
    if (p.kind === "any") {
      for (const s of p.states) if (s instanceof Float64Array) buffers.add(s.buffer as ArrayBuffer);
    } else {
      buffers.add(p.values.buffer as ArrayBuffer);
      if (p.kind === "lists") buffers.add(p.ends.buffer as ArrayBuffer);
    }
  }
  return [...buffers];
}
