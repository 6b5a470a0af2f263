import { describe, expect, test } from "vitest";
import { globMatcher, globSource } from "./glob.js";
import { re2 } from "./regex.js";
import { seededRandom as random } from "../../prng.js";

const ALPHABET = ["a", "b", "=", " ", "\n", ".", "*"];

function text(next: () => number, max: number, alphabet: string[]): string {
  let s = "";
  const n = Math.floor(next() * max);
  for (let i = 0; i < n; i++) s += alphabet[Math.floor(next() * alphabet.length)];
  return s;
}

describe("parse globs", () => {
  test("the string-search matcher finds what the regex finds, on RE2 and on JavaScript's engine", () => {
    const next = random(12);
    for (let i = 0; i < 3000; i++) {
      const glob = text(next, 8, ALPHABET);
      const regexSource = globSource(glob);
      const onRe2 = re2(regexSource, { dotAll: true });
      const onJs = new RegExp(regexSource, "s");
      const fast = globMatcher(glob, false);
      for (let j = 0; j < 5; j++) {
        const input = text(next, 14, ALPHABET.filter((c) => c !== "*"));
        const expected = onJs.exec(input);
        const want = expected === null ? null : [...expected];
        expect(fast.exec(input), `${JSON.stringify(glob)} on ${JSON.stringify(input)}`).toEqual(want);
        const found = onRe2.exec(input);
        expect(found === null ? null : [...found], `RE2: ${JSON.stringify(glob)} on ${JSON.stringify(input)}`).toEqual(want);
      }
    }
  });

  test("multi finds every match, as JavaScript's global regex does", () => {
    const next = random(7);
    for (let i = 0; i < 500; i++) {
      const glob = text(next, 6, ALPHABET);
      const onJs = new RegExp(globSource(glob), "gs");
      const multi = globMatcher(glob, true);
      const input = text(next, 14, ALPHABET.filter((c) => c !== "*"));
      expect([...multi.matchAll(input)].map((m) => [...m]), JSON.stringify([glob, input])).toEqual([...input.matchAll(onJs)].map((m) => [...m]));
    }
  });
});
