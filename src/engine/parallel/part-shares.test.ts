import { describe, expect, it } from "vitest";
import { MORSEL_BYTES, morselShares, partShares, STATS_LEVELS } from "./threads.js";

const MB = 1024 * 1024;

describe("partShares", () => {
  it("cuts rounds of one part per thread, each round half the size of the one before", () => {
    expect(partShares(1000 * MB, 2, 32 * MB)).toEqual([4, 4, 2, 2, 1, 1]);
    expect(partShares(1000 * MB, 3, 0)).toEqual([4, 4, 4, 2, 2, 2, 1, 1, 1]);
  });

  it("leaves out the rounds whose parts would be under the least part size", () => {
    // 200 MB on 2 threads: 4+4+2+2+1+1 makes 14 MB parts at the end, 4+4+2+2 makes 33 MB.
    expect(partShares(200 * MB, 2, 32 * MB)).toEqual([4, 4, 2, 2]);
    expect(partShares(100 * MB, 2, 32 * MB)).toEqual([4, 4]);
    expect(partShares(50 * MB, 2, 32 * MB)).toEqual([1]);
  });

  it("gives a stats one part per thread, none under the least part size", () => {
    expect(partShares(1000 * MB, 2, 32 * MB, STATS_LEVELS)).toEqual([1, 1]);
    expect(partShares(1000 * MB, 3, 0, STATS_LEVELS)).toEqual([1, 1, 1]);
    expect(partShares(50 * MB, 2, 32 * MB, STATS_LEVELS)).toEqual([1]);
  });
});

describe("morselShares", () => {
  const bytesOf = (shares: number[], total: number): number[] => {
    const weight = shares.reduce((a, b) => a + b, 0);
    return shares.map((s) => (total * s) / weight);
  };

  it("cuts equal morsels of about MORSEL_BYTES, then a tail that halves a round at a time down to an eighth", () => {
    const shares = morselShares(1000 * MB, 2, 32 * MB);
    const sizes = bytesOf(shares, 1000 * MB);
    // The morsels a thread may be left reading while the others wait end small: the last
    // round's are an eighth of the usual size, so the wait at the end is a fraction of one.
    expect(sizes.slice(-2).every((s) => s <= MORSEL_BYTES / 8 + MB)).toBe(true);
    expect(sizes.slice(0, -6).every((s) => Math.abs(s - MORSEL_BYTES) < 2 * MB)).toBe(true);
    expect(shares.slice(-6)).toEqual([0.5, 0.5, 0.25, 0.25, 0.125, 0.125]);
    for (let i = 1; i < shares.length; i++) expect(shares[i]).toBeLessThanOrEqual(shares[i - 1]);
  });

  it("keeps a few morsels per thread for a small input, and none for one too small for threads", () => {
    expect(morselShares(100 * MB, 2, 32 * MB).length).toBeGreaterThanOrEqual(8);
    expect(morselShares(50 * MB, 2, 32 * MB)).toEqual([1]);
  });

  it("stays within the morsels' bound whatever the thread count (TOLOG_THREADS is not capped)", () => {
    for (const threads of [2, 64, 1365, 1366, 2048, 5000]) {
      const shares = morselShares(1e12, threads, 1);
      expect(shares.length, `${threads} threads`).toBeLessThanOrEqual(4096);
      expect(shares.every((s) => s > 0)).toBe(true);
    }
  });
});
