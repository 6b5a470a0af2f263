import type { Row } from "../record.js";
import type { IdRows } from "./stats.js";
import { Collector, type Runtime, type Stage, type StageFactory } from "./stage.js";

/**
 * The stages of a plan chained together. Partial results come from the first stage that holds
 * rows: its snapshot runs through a fresh copy of the stages after it.
 */
export class Pipeline {
  private readonly instances: Stage[];
  private readonly head: Stage;
  private readonly sink = new Collector();

  constructor(
    private readonly factories: StageFactory[],
    private readonly runtime: Runtime = { stop: false },
  ) {
    const { stages, head } = chain(factories, this.sink, this.runtime);
    this.instances = stages;
    this.head = head;
  }

  get stopped(): boolean {
    return this.runtime.stop;
  }

  push(row: Row): void {
    this.head.push(row);
  }

  /** Pushes a row that went through the steps before `at` elsewhere, into step `at`. */
  pushAt(at: number, row: Row): void {
    this.instances[at].push(row);
  }

  /** Hands the stats step `at` groups aggregated elsewhere from rows after those pushed so far. */
  absorb(at: number, partial: unknown): void {
    const stage = this.instances[at];
    if (!stage.absorb) throw new Error(`step ${at} of this pipeline cannot absorb partial groups`);
    stage.absorb(partial);
  }

  /** Tells the stats step `at` that rows from here on come from morsel `index` (engine/parallel/morsels.ts). */
  startMorselAt(at: number, index: number): void {
    const stage = this.instances[at];
    if (!stage.startMorsel) throw new Error(`step ${at} of this pipeline cannot be read in morsels`);
    stage.startMorsel(index);
  }

  /** What step `at` (a stats) takes of rows given as ids (`IdRows`), if it can. */
  idRowsAt(at: number): IdRows | undefined {
    return this.instances[at].idRows?.();
  }

  /** The result rows collected so far, removed from the pipeline (a caller that streams them). */
  take(): Row[] {
    return this.sink.rows.splice(0);
  }

  finish(): Row[] {
    this.head.end();
    return this.sink.rows;
  }

  /** The rows the query would return if the input ended now. */
  partial(): Row[] {
    const first = this.factories.findIndex((f) => f.blocking);
    if (first < 0) return this.sink.rows.slice();
    const rows = this.instances[first].snapshot?.() ?? [];
    const sink = new Collector();
    const rest = chain(this.factories.slice(first + 1), sink, { stop: false });
    for (const row of rows) rest.head.push(row.copy());
    rest.head.end();
    return sink.rows;
  }
}

function chain(factories: StageFactory[], sink: Stage, runtime: Runtime): { stages: Stage[]; head: Stage } {
  const stages: Stage[] = new Array(factories.length);
  let next: Stage = sink;
  for (let i = factories.length - 1; i >= 0; i--) next = stages[i] = factories[i].create(next, runtime);
  return { stages, head: next };
}
