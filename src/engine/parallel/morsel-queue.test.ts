import { expect, test } from "vitest";
import { morselQueue, takeMorsel } from "./protocol.js";

test("each thread reads its own range of morsels from the front, then the last ones of the fullest other range", () => {
  const queue = morselQueue(10, 2);
  // Thread 0 owns 0-4, thread 1 owns 5-9.
  expect([takeMorsel(queue, 0), takeMorsel(queue, 0), takeMorsel(queue, 1)]).toEqual([0, 1, 5]);
  // Thread 0 reads the rest of its range (2, 3, 4), then takes thread 1's last morsels.
  expect([takeMorsel(queue, 0), takeMorsel(queue, 0), takeMorsel(queue, 0), takeMorsel(queue, 0)]).toEqual([2, 3, 4, 9]);
  expect([takeMorsel(queue, 1), takeMorsel(queue, 0), takeMorsel(queue, 1), takeMorsel(queue, 1)]).toEqual([6, 8, 7, -1]);
  expect(takeMorsel(queue, 0)).toBe(-1);
});

test("every morsel is taken once, whatever the threads' turns, and a range no thread starts is taken by the others", () => {
  for (const [count, threads] of [[1, 1], [4, 3], [60, 2], [61, 3], [4096, 8], [7, 7]]) {
    const queue = morselQueue(count, threads);
    const taken: number[] = [];
    // Thread `threads - 1` never starts; the others take turns at random.
    const active = Math.max(1, threads - 1);
    let seed = count * 31 + threads;
    for (;;) {
      seed = (seed * 1103515245 + 12345) % 2 ** 31;
      const index = takeMorsel(queue, seed % active);
      if (index < 0) break;
      taken.push(index);
    }
    expect(taken.sort((a, b) => a - b)).toEqual(Array.from({ length: count }, (_, i) => i));
  }
});
