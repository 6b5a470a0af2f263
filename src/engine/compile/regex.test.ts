import { expect, test } from "vitest";
import { compileRegex, isRegexProblem, re2, type QueryRegex } from "./regex.js";

function compiled(source: string, caseInsensitive = false): QueryRegex {
  const r = compileRegex(source, caseInsensitive);
  if (isRegexProblem(r)) throw new Error(r.message);
  return r;
}

const plain = (m: ReadonlyArray<string | undefined> | null) => (m === null ? null : [...m]);

test("a plain-text pattern (searched as a substring) finds what RE2 finds", () => {
  const inputs = ["", "abc", "xx abc abc", "ab c", "a-b=c d", "ÅΩ😀 x", "aaaa"];
  for (const pattern of ["abc", "a-b=c", "😀", " ", "aa", "Ω x", "#,<>@!'\"%&~`"]) {
    const fast = compiled(pattern);
    const slow = re2(pattern.replace(/[\\.+*?()|[\]{}^$]/g, "\\$&"), { dotAll: false });
    for (const input of inputs) {
      expect(fast.test(input), pattern).toBe(slow.test(input));
      expect(plain(fast.exec(input)), pattern).toEqual(plain(slow.exec(input)));
      expect([...fast.matchAll(input)].map(plain), pattern).toEqual([...slow.matchAll(input)].map(plain));
      expect(fast.replaceAll(input, "[$&$$]"), pattern).toBe(slow.replaceAll(input, "[$&$$]"));
    }
  }
});

test("groups are listed in order with their names; unnamed ones are undefined", () => {
  expect(compiled("(?<a>x)(y)(?P<b>z)(?:w)").groups).toEqual(["a", undefined, "b"]);
});

test("look-around and back-references are TL308 with their place in the pattern; other RE2 errors are TL307", () => {
  expect(compileRegex("ab(?=c)", false)).toMatchObject({ code: "TL308", at: { offset: 2, length: 3 } });
  expect(compileRegex("[(?=](?<!x)", false)).toMatchObject({ code: "TL308", at: { offset: 5, length: 4 } });
  expect(compileRegex("[\\1](x)\\1", false)).toMatchObject({ code: "TL308", at: { offset: 7, length: 2 } });
  expect(compileRegex("a(b", false)).toMatchObject({ code: "TL307", message: "bad regex: missing closing ): `a(b`" });
});

test("matching takes linear time: patterns that backtrack exponentially answer at once", () => {
  const input = "a".repeat(5000) + "!";
  for (const source of ["(a+)+$", "(a|aa)+$", "(a*)*b", "^(?:a|a)*$", "^(a?){50}a{50}$"]) {
    expect(compiled(source).test(input), source).toBe(false);
  }
});
