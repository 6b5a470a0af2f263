import { describe, expect, it } from "vitest";
import { seededRandom } from "../../prng.js";
import { WordInterner } from "./tokens.js";

describe("WordInterner", () => {
  it("gives the text of the range, whatever came before (repeats, slot collisions, prefixes)", () => {
    const random = seededRandom(5);
    const interner = new WordInterner();
    // Few values repeated (the usual flow log) among many once-seen ones (more than its slots).
    const pool = Array.from({ length: 50 }, (_, i) => `10.0.${i}.${i * 7}`);
    for (let n = 0; n < 50_000; n++) {
      const word = random() < 0.6 ? pool[Math.floor(random() * pool.length)] : `${Math.floor(random() * 1e6)}`;
      const cut = random() < 0.1 ? Math.floor(random() * word.length) : word.length;
      const line = `2 ${word} x${word}`;
      const from = 2;
      expect(interner.of(line, from, from + cut)).toBe(word.slice(0, cut));
      expect(interner.of(line, line.length - word.length, line.length)).toBe(word);
    }
  });

});
