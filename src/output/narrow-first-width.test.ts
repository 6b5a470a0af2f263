import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const require = createRequire(import.meta.url);
const narrowFirst = require("./narrow-first-width.cjs") as (measure: (text: unknown) => number) => (text: unknown) => number;
// The string-width 4 that cli-table3 installs with it (the bundle's choice, scripts/bundle.mjs).
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const stringWidth4 = createRequire(path.join(ROOT, "node_modules", "cli-table3", "index.js"))("string-width") as (text: unknown) => number;
const width = narrowFirst(stringWidth4);

describe("narrow-first width", () => {
  it("gives string-width 4's width for every character it answers itself", () => {
    const ranges: Array<[number, number]> = [[0x20, 0x7e], [0x2026, 0x2026], [0x2500, 0x259f]];
    for (const [from, to] of ranges) {
      for (let code = from; code <= to; code++) {
        const c = String.fromCharCode(code);
        expect(width(c), `U+${code.toString(16)}`).toBe(stringWidth4(c));
        expect(width(`a${c}${c}b`), `U+${code.toString(16)} in text`).toBe(stringWidth4(`a${c}${c}b`));
      }
    }
  });

  it("gives string-width 4's width for mixes with escapes, emoji, wide and zero-width text", () => {
    const pieces = ["a", " ", "│", "─", "…", "█", "▏", "\u001b[31m", "\u001b[0m", "👍", "日本", "e\u0301", "\t", "\n", "©", "▶", "", "#\ufe0f\u20e3"];
    let state = 7;
    const next = () => (state = (state * 1664525 + 1013904223) >>> 0) / 2 ** 32;
    for (let trial = 0; trial < 3000; trial++) {
      let text = "";
      for (let i = Math.floor(next() * 10); i > 0; i--) text += pieces[Math.floor(next() * pieces.length)];
      expect(width(text), JSON.stringify(text)).toBe(stringWidth4(text));
    }
    expect(width(undefined)).toBe(stringWidth4(undefined));
    expect(width(42)).toBe(stringWidth4(42));
  });
});
