import type { TimeFloor } from "../commands/stage.js";

/**
 * The default order's floor (`TimeFloor`) shared by the threads of a run in parts, as whole
 * milliseconds on a SharedArrayBuffer: raised with a compare-and-swap, so that it only rises.
 * A time is rounded down, so the floor never passes the time it was told.
 */
export class SharedTimeFloor implements TimeFloor {
  private readonly cell: BigInt64Array;

  constructor(readonly buffer: SharedArrayBuffer = SharedTimeFloor.create()) {
    this.cell = new BigInt64Array(buffer);
  }

  static create(): SharedArrayBuffer {
    const buffer = new SharedArrayBuffer(8);
    new BigInt64Array(buffer)[0] = NONE;
    return buffer;
  }

  get(): number {
    const v = Atomics.load(this.cell, 0);
    return v === NONE ? Number.NEGATIVE_INFINITY : Number(v);
  }

  raise(time: number): void {
    if (!Number.isFinite(time)) return;
    const t = BigInt(Math.floor(time));
    for (let seen = Atomics.load(this.cell, 0); t > seen; ) {
      const was = Atomics.compareExchange(this.cell, 0, seen, t);
      if (was === seen) return;
      seen = was;
    }
  }
}

/** No floor yet. */
const NONE = -(2n ** 63n);
