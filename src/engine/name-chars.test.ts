import { expect, test } from "vitest";
import { Prng } from "../prng.js";
import { isNameChar, isNameStart, isPlainFieldName } from "./name-chars.js";

// What the lexer and the formatter tested before: the tests must answer exactly as these do.
const NAME_CHAR = /[\p{L}\p{N}_@]/u;
const NAME_START = /[\p{L}_@]/u;
const PLAIN_FIELD = /^@?[\p{L}_@][\p{L}\p{N}_@]*(\.[\p{L}\p{N}_@]+)*$/u;

test("isNameChar and isNameStart answer as the Unicode classes for every code unit and for the empty text", () => {
  for (let code = 0; code <= 0xffff; code++) {
    const c = String.fromCharCode(code);
    expect(isNameChar(c), `U+${code.toString(16)}`).toBe(NAME_CHAR.test(c));
    expect(isNameStart(c), `U+${code.toString(16)}`).toBe(NAME_START.test(c));
  }
  expect(isNameChar("")).toBe(false);
  expect(isNameStart("")).toBe(false);
});

test("isPlainFieldName answers as the Unicode pattern for names of ASCII and beyond", () => {
  const cases = ["a", "@timestamp", "@", "@@", "_x", "a.b.c", "a..b", "a.", ".a", "1a", "a1", "é", "名前", "x.名", "a b", "a-b", "", "Ⅻ", "x²", "a.1", "@a.@b", "a\u0301"];
  for (const name of cases) expect(isPlainFieldName(name), name).toBe(PLAIN_FIELD.test(name));
  const prng = new Prng(7);
  const alphabet = ["a", "Z", "0", "9", "_", "@", ".", " ", "-", "`", "é", "ß", "名", "٣", "Ⅻ", "²", "\u0301", "\u{1F600}", "\uD800"];
  for (let i = 0; i < 20_000; i++) {
    let name = "";
    const length = 1 + prng.int(8);
    for (let j = 0; j < length; j++) name += prng.pick(alphabet);
    expect(isPlainFieldName(name), name).toBe(PLAIN_FIELD.test(name));
  }
});
