import stringWidth from "string-width";
import { describe, expect, it } from "vitest";
import { cutToWidth, textWidth } from "./text-width.js";

/** A small deterministic generator, so that a failure names its seed. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state * 1664525 + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

// ASCII (printable and control), ANSI escapes, combining marks, CJK, emoji and ZWJ sequences.
const PIECES = ["a", "Z", " ", "~", "│", "█", "▏", "…", "▶", "©", "\t", "\n", "\x7f", "\x00", "\x1b[31m", "\x1b[0m", "\x9b", "é", "e\u0301", "日本", "👍", "👨‍👩‍👧", "1\u20e3", "\u200b", "ｱ", "한"];

describe("textWidth", () => {
  it("gives string-width's width for every mix of ASCII, escapes and wide or zero-width characters", () => {
    for (let seed = 1; seed <= 2000; seed++) {
      const next = random(seed);
      const length = Math.floor(next() * 8);
      let text = "";
      for (let i = 0; i < length; i++) text += PIECES[Math.floor(next() * PIECES.length)];
      expect(textWidth(text), `seed ${seed}: ${JSON.stringify(text)}`).toBe(stringWidth(text));
    }
  });

  it("gives string-width's width for every character it answers itself", () => {
    for (const [from, to] of [[0x20, 0x7e], [0x2026, 0x2026], [0x2500, 0x259f]]) {
      for (let code = from; code <= to; code++) {
        const text = `a${String.fromCharCode(code).repeat(2)}b`;
        expect(textWidth(text), `U+${code.toString(16)}`).toBe(stringWidth(text));
      }
    }
  });

  it("gives every printable ASCII string its length", () => {
    let all = "";
    for (let code = 0x20; code <= 0x7e; code++) all += String.fromCharCode(code);
    expect(textWidth(all)).toBe(all.length);
    expect(textWidth("")).toBe(0);
  });

  it("cuts text of one-column characters as it cuts by graphemes", () => {
    const segmenter = new Intl.Segmenter(undefined, { granularity: "grapheme" });
    const byGraphemes = (text: string, width: number): string => {
      let out = "";
      for (const { segment } of segmenter.segment(text)) {
        if (textWidth(out + segment) > width - 1) break;
        out += segment;
      }
      return out + "…";
    };
    const narrow = PIECES.filter((p) => /^[\u0020-\u007E\u2026\u2500-\u259F]+$/.test(p));
    for (let seed = 1; seed <= 500; seed++) {
      const next = random(seed);
      let text = "";
      for (let i = Math.floor(next() * 12); i > 0; i--) text += narrow[Math.floor(next() * narrow.length)];
      const width = 1 + Math.floor(next() * 12);
      expect(cutToWidth(text, width), `seed ${seed}`).toBe(textWidth(text) <= width ? text : byGraphemes(text, width));
    }
  });

  it("cuts to whole graphemes with an ellipsis", () => {
    expect(cutToWidth("abcdef", 4)).toBe("abc…");
    expect(cutToWidth("日本語です", 5)).toBe("日本…");
    expect(cutToWidth("short", 10)).toBe("short");
  });
});
