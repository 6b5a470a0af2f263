import { describe, expect, it } from "vitest";
import { seededRandom } from "../../prng.js";
import { packStates, unpackState } from "./packed-states.js";

describe("packed states", () => {
  it("give back each group's state as saved, whatever the states are", () => {
    const random = seededRandom(3);
    const doubles = [0, -0, 1, -1.5, 0.1, 1e308, -1e-300, Number.MAX_SAFE_INTEGER + 2, Infinity, -Infinity, NaN];
    const number = (): number => doubles[Math.floor(random() * doubles.length)];
    const list = (): number[] => Array.from({ length: Math.floor(random() * 5) }, number);
    const other = (): unknown => [null, "x", { sum: 1 }, ["a"], [1, "2"], 5][Math.floor(random() * 6)];
    for (let round = 0; round < 300; round++) {
      const kind = Math.floor(random() * 3);
      const states = Array.from({ length: Math.floor(random() * 40) }, () => (kind === 0 ? number() : kind === 1 ? list() : random() < 0.5 ? list() : other()));
      const packed = structuredClone(packStates(states));
      states.forEach((s, i) => expect(unpackState(packed, i)).toEqual(s));
      if (kind === 0 && states.length > 0) expect(packed.kind).toBe("numbers");
    }
  });
});
