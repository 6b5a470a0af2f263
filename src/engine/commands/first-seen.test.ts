import { describe, expect, it } from "vitest";
import { FirstSeen } from "./first-seen.js";

/** A FirstSeen whose group n was first seen at `positions[n]` (morsel index times 2^32 plus a number). */
function withPositions(positions: readonly number[]): FirstSeen {
  const seen = new FirstSeen();
  positions.forEach((_, n) => seen.open(n));
  positions.forEach((at, n) => seen.seen(n, at, true));
  return seen;
}

function byComparison(positions: readonly number[]): number[] {
  return positions.map((_, n) => n).sort((a, b) => positions[a] - positions[b]);
}

describe("FirstSeen.order", () => {
  it("orders groups by where they were first seen, morsel first", () => {
    const span = 2 ** 32;
    const positions = [3 * span + 1, 0 * span + 7, 3 * span + 0, 1 * span + 65536, 1 * span + 2];
    expect(Array.from(withPositions(positions).order(positions.length))).toEqual([1, 4, 3, 2, 0]);
  });

  it("gives what a comparison sort gives, for tables small and large", () => {
    let x = 12345;
    const random = (below: number): number => {
      x = (Math.imul(x, 1103515245) + 12345) | 0;
      return (x >>> 8) % below;
    };
    for (const count of [1, 2, 100, 5000, 70000]) {
      // Distinct positions, as a table's are: a morsel index (up to 4,095) and a number within it.
      const used = new Set<number>();
      const positions: number[] = [];
      while (positions.length < count) {
        const at = random(4096) * 2 ** 32 + (random(2) === 0 ? random(70000) : random(2 ** 24) * 256 + random(256));
        if (!used.has(at)) used.add(at), positions.push(at);
      }
      expect({ count, order: Array.from(withPositions(positions).order(count)) }).toEqual({ count, order: byComparison(positions) });
    }
  });

  it("keeps the numbering when groups were first seen in it", () => {
    const positions = Array.from({ length: 10000 }, (_, n) => n);
    expect(Array.from(withPositions(positions).order(10000))).toEqual(positions.map((_, n) => n));
  });
});
