import type { Value } from "../values.js";
import { strict, type FunctionFamily, type ScalarFunction } from "./registry.js";
import { toNumber, toText, isTruthy } from "./coerce.js";

/** String functions (reference §4.4). Booleans-as-numbers (1/0) where the docs say Number. */
function text1(name: string, op: (s: string) => Value): ScalarFunction {
  return strict(name, 1, 1, ([a]) => op(toText(a) as string));
}

/** `trim(s)` strips whitespace; `trim(s, chars)` strips any of the characters in `chars`. */
function trimmer(name: string, left: boolean, right: boolean): ScalarFunction {
  return strict(name, 1, 2, ([a, chars]) => {
    const s = toText(a) as string;
    if (chars === undefined) return left && right ? s.trim() : left ? s.trimStart() : s.trimEnd();
    const set = new Set(Array.from(toText(chars) ?? ""));
    const cps = Array.from(s);
    let i = 0;
    let j = cps.length;
    if (left) while (i < j && set.has(cps[i])) i++;
    if (right) while (j > i && set.has(cps[j - 1])) j--;
    return cps.slice(i, j).join("");
  });
}

function bool(v: boolean): number {
  return v ? 1 : 0;
}

function isEmptyText(a: Value): boolean {
  return a === null || toText(a) === "";
}

export const stringFunctions: FunctionFamily = [
  { name: "isempty", min: 1, max: 1, fn: ([a]) => bool(isEmptyText(a)) },
  { name: "isblank", min: 1, max: 1, fn: ([a]) => bool(a === null || (toText(a) as string).trim() === "") },
  {
    name: "concat",
    min: 1,
    max: Infinity,
    fn: (args) => args.map((a) => toText(a) ?? "").join(""),
  },
  trimmer("trim", true, true),
  trimmer("ltrim", true, false),
  trimmer("rtrim", false, true),
  text1("strlen", (s) => codePointLength(s)),
  text1("toupper", (s) => s.toUpperCase()),
  text1("tolower", (s) => s.toLowerCase()),
  strict("substr", 2, 3, ([a, start, len]) => {
    const cps = Array.from(toText(a) as string);
    const from = toNumber(start);
    if (from === null) return null;
    const b = Math.max(0, Math.trunc(from));
    if (len === undefined) return cps.slice(b).join("");
    const n = toNumber(len);
    return n === null ? null : cps.slice(b, b + Math.max(0, Math.trunc(n))).join("");
  }),
  strict("replace", 3, 3, ([a, search, repl]) =>
    (toText(a) as string).split(toText(search) as string).join(toText(repl) as string),
  ),
  {
    name: "strcontains",
    min: 2,
    max: 3,
    fn: ([a, sub, ci]) => {
      if (a === null || sub === null) return 0;
      const s = toText(a) as string;
      const t = toText(sub) as string;
      return bool(ci !== undefined && isTruthy(ci) ? s.toLowerCase().includes(t.toLowerCase()) : s.includes(t));
    },
  },
  strict("startsWith", 2, 2, ([a, p]) => bool((toText(a) as string).startsWith(toText(p) as string))),
  strict("endsWith", 2, 2, ([a, p]) => bool((toText(a) as string).endsWith(toText(p) as string))),
  text1("urlencode", (s) => encodeURIComponent(s)),
  text1("urldecode", (s) => {
    try {
      return decodeURIComponent(s.replace(/\+/g, " "));
    } catch {
      return null;
    }
  }),
  text1("base64encode", (s) => Buffer.from(s, "utf8").toString("base64")),
  text1("base64decode", (s) =>
    /^[A-Za-z0-9+/\-_]*={0,2}$/.test(s.trim()) ? Buffer.from(s.trim(), "base64").toString("utf8") : null,
  ),
  strict("split", 2, 2, ([a, delim]) => (toText(a) as string).split(toText(delim) as string)),
  text1("hexToAscii", (s) => {
    const hex = s.trim().replace(/^0x/i, "");
    return /^(?:[0-9a-f]{2})*$/i.test(hex) ? Buffer.from(hex, "hex").toString("latin1") : null;
  }),
  strict("decToHex", 1, 1, ([a]) => {
    const n = toNumber(a);
    return n === null || !Number.isInteger(n) ? null : n.toString(16);
  }),
];

function codePointLength(s: string): number {
  let n = 0;
  for (const _ of s) n++;
  return n;
}

/** `regexReplace(s, re, repl)`: every match replaced; `\1` and `$1` both name groups. */
stringFunctions.push({
  name: "regexReplace",
  min: 3,
  max: 3,
  compile: (t) => {
    const re = t.regex(1);
    if (re === undefined) return undefined;
    const source = t.arg(0);
    const replacement = t.arg(2);
    return (row) => {
      const s = toText(source(row));
      const r = toText(replacement(row));
      return s === null || r === null ? null : re.replaceAll(s, r.replace(/\\(\d)/g, "$$$1"));
    };
  },
});
