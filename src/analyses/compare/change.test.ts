import { describe, expect, it } from "vitest";
import { withoutFloatNoise } from "../../output/records.js";
import { change } from "./change.js";

const json = (value: unknown) => JSON.stringify(value, withoutFloatNoise);

// A delta cancels the leading digits of its sides, and the doubles' last bits come to the front:
// 73770.1 - 75865.515 is -2095.4150000000081, which 15 digits do not hide.
describe("change", () => {
  it("gives a delta and a ratio without the noise of the subtraction", () => {
    expect(json(change(75865.515, 73770.1))).toBe('{"before":75865.515,"after":73770.1,"delta":-2095.415,"relative":-0.02762012490128}');
    expect(change(3259700.735, 2997245.432).delta).toBe(-262455.303);
    expect(change(0.1, 0.3).delta).toBe(0.2);
    expect(change(1, 1.0000001).relative).toBe(1e-7);
  });

  // A ratio near 1 is as exact as 1's last digits: its change is given to 14 decimals.
  it("keeps whole and exact figures as they are", () => {
    expect(change(9012, 8145)).toEqual({ before: 9012, after: 8145, delta: -867, relative: -0.09620505992011 });
    expect(change(0, 0)).toEqual({ before: 0, after: 0, delta: 0, relative: null });
    expect(change(0, 0.001).delta).toBe(0.001);
    expect(change(1e-9, 3e-9).delta).toBe(2e-9);
    expect(change(null, 5)).toEqual({ before: null, after: 5, delta: null, relative: null });
  });
});
