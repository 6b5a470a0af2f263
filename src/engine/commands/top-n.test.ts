import { describe, expect, it } from "vitest";
import { TopN } from "./top-n.js";

describe("TopN", () => {
  it("keeps the first N in order while holding at most 2N (or 1024) entries", () => {
    const top = new TopN<number>((a, b) => a - b, 1000);
    let most = 0;
    // A permutation of 0..99999, so the expected answer is 0..999.
    for (let i = 0; i < 100_000; i++) {
      top.add((i * 7919) % 100_000);
      most = Math.max(most, top.held);
    }
    expect(top.result()).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(most).toBeLessThanOrEqual(2000);
  });

  it("keeps arrival order for ties", () => {
    const top = new TopN<{ k: number; id: string }>((a, b) => a.k - b.k);
    for (const [k, id] of [[1, "a"], [0, "b"], [1, "c"]] as const) top.add({ k, id });
    expect(top.result().map((e) => e.id)).toEqual(["b", "a", "c"]);
  });
});
