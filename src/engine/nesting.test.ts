import { describe, expect, test } from "vitest";
import { checkQuery, formatQuery, parseQuery, runQuery } from "./index.js";
import { stripSpans } from "./format.js";
import { MAX_NESTING_DEPTH } from "./parse/cursor.js";
import { discoverFields, MAX_JSON_DEPTH, TOO_DEEP } from "./discover.js";
import { FieldExtractor } from "./extract.js";
import { createMemorySource } from "../sources/memory.js";
import { seededRandom } from "../prng.js";
import { formatNumber } from "./functions/coerce.js";

const codes = (query: string) => checkQuery(query).map((d) => `${d.code}@${d.span.start}`);
const repeat = (piece: string, n: number) => piece.repeat(n);
const joined = (operand: string, op: string, n: number) => Array.from({ length: n }, () => operand).join(` ${op} `);

describe("nesting deeper than MAX_NESTING_DEPTH is one TL208 where the level opens", () => {
  test.each([
    ["not", (n: number) => `filter ${repeat("not ", n)}a`, (n: number) => 7 + 4 * n],
    ["parentheses", (n: number) => `filter ${repeat("(", n)}a${repeat(")", n)}`, (n: number) => 7 + n],
    ["calls", (n: number) => `fields ${repeat("abs(", n)}1${repeat(")", n)}`, (n: number) => 7 + 4 * n],
    ["unary minus", (n: number) => `fields ${repeat("-", n)}1`, (n: number) => 7 + n],
    ["lists", (n: number) => `filter a in ${repeat("[", n)}${repeat("]", n)}`, (n: number) => 12 + n],
    ["powers", (n: number) => `fields ${joined("2", "^", n + 1)}`, (n: number) => 7 + 4 * n + 2],
  ])("%s", (_name, query, at) => {
    expect(codes(query(MAX_NESTING_DEPTH))).toEqual([]);
    expect(codes(query(MAX_NESTING_DEPTH + 1))).toEqual([`TL208@${at(MAX_NESTING_DEPTH)}`]);
    // Thousands deep: the same single diagnostic, and the command after the next | is still read.
    expect(codes(`${query(5000)} | limt 3`)).toEqual([`TL208@${at(MAX_NESTING_DEPTH)}`, `TL201@${query(5000).length + 3}`]);
  });

  test("a 1,229-character query of 600 nested parentheses runs to a QueryError, not a crash", async () => {
    const query = `filter ${repeat("(", 600)}a${repeat(")", 600)} | limit 1`;
    await expect(runQuery(query, createMemorySource([]))).rejects.toMatchObject({ name: "QueryError" });
  });
});

/** The chain's value computed left to right as the binary operators would, with no engine. */
function reference(values: Array<number | null>, ops: string[]): number | null {
  let x = values[0];
  for (let i = 0; i < ops.length && x !== null; i++) {
    const y = values[i + 1];
    if (y === null) return null;
    const z = ops[i] === "+" ? x + y : ops[i] === "-" ? x - y : ops[i] === "*" ? x * y : ops[i] === "/" ? x / y : x % y;
    x = Number.isFinite(z) ? z : null;
  }
  return x;
}

describe("long flat chains run, whatever their length", () => {
  test("a chain of + - * / % gives the value of its binary operators, left to right", async () => {
    const r = seededRandom(3);
    for (let round = 0; round < 40; round++) {
      const n = 2 + Math.floor(r() * 30);
      const values = Array.from({ length: n }, () => (r() < 0.05 ? null : Math.round(r() * 20 - 10)));
      const level = r() < 0.5 ? ["+", "-"] : ["*", "/", "%"];
      const ops = Array.from({ length: n - 1 }, () => level[Math.floor(r() * level.length)]);
      const event = Object.fromEntries(values.map((v, i) => [`v${i}`, v]));
      const expression = values.map((_, i) => `v${i}`).reduce((text, name, i) => (i === 0 ? name : `${text} ${ops[i - 1]} ${name}`));
      const result = await runQuery(`fields ${expression} as x`, createMemorySource([{ timestamp: 1, message: JSON.stringify(event) }]));
      const want = reference(values, ops);
      expect(result.rows[0].x, expression).toBe(want === null ? undefined : formatNumber(want));
    }
  });

  test("20,000 operands of and, or and + in filter, fields and stats ... by", async () => {
    const source = createMemorySource([
      { timestamp: 1, message: JSON.stringify({ v: 1, w: "x" }) },
      { timestamp: 2, message: JSON.stringify({ v: 2, w: "y" }) },
    ]);
    const n = 20_000;
    const query = `filter ${joined("v >= 1", "and", n)} and (${joined('w = "z"', "or", n)} or w = "y") | stats count(*) as c by ${joined("v", "+", n)} as total`;
    const result = await runQuery(query, source);
    expect(result.rows).toEqual([{ total: String(2 * n), c: "1" }]);
    expect(result.statistics.recordsMatched).toBe(1);
  });

  test("a long chain prints and parses back to the same tree", () => {
    // Written as the printer writes it; the trees are compared through their printed form and
    // their shape, as a deep equality check would itself run out of stack.
    const query = `filter ${joined("a = 1", "and", 5000)} or ${joined("b", "-", 5000)} > 0 | fields ${joined("x", "*", 5000)} / 2`;
    const first = parseQuery(query);
    expect(first.diagnostics).toEqual([]);
    expect(formatQuery(first.query)).toBe(query);
    const again = parseQuery(formatQuery(first.query));
    expect(again.diagnostics).toEqual([]);
    expect(formatQuery(again.query)).toBe(query);
    const stripped = stripSpans(again.query) as Array<{ expr: { op: string; left: { op: string } } }>;
    expect([stripped[0].expr.op, stripped[0].expr.left.op]).toEqual(["or", "and"]);
  });
});

describe("an event whose JSON nests deeper than MAX_JSON_DEPTH", () => {
  /** `levels` objects inside one another. */
  const deep = (levels: number) => `${repeat('{"a":', levels)}1${repeat("}", levels)}`;
  // The line: 24 KB, nested 4,000 levels deep, after two plain fields.
  const line = `{"level":"info","msg":"x","deep":${deep(3999)}}`;
  const first = JSON.stringify({ level: "info", msg: "ok" });
  const last = JSON.stringify({ level: "error", msg: "bad" });

  test("keeps its system fields only, and the run tells once how many there were", async () => {
    const source = createMemorySource([
      { timestamp: 1, message: first },
      { timestamp: 2, message: line },
      { timestamp: 3, message: line },
      { timestamp: 4, message: last },
    ]);
    const warnings: string[] = [];
    const result = await runQuery("fields level, strlen(@message) as n | sort @timestamp asc", source, { onWarning: (m) => warnings.push(m) });
    expect(result.rows.map(({ level, n }) => ({ level, n }))).toEqual([
      { level: "info", n: String(first.length) },
      { level: undefined, n: String(line.length) },
      { level: undefined, n: String(line.length) },
      { level: "error", n: String(last.length) },
    ]);
    expect(warnings).toEqual([`2 events nest JSON more than ${MAX_JSON_DEPTH} levels deep: their fields were not discovered (system fields such as @timestamp and @message were read)`]);
    const quiet: string[] = [];
    await runQuery("fields @message", source, { onWarning: (m) => quiet.push(m) });
    expect(quiet).toEqual([]);
  });

  test("discovery and the extractor agree at the limit", () => {
    const at = `{"k":1,"d":${deep(MAX_JSON_DEPTH - 1)}}`;
    const over = `{"k":1,"d":${deep(MAX_JSON_DEPTH)}}`;
    expect(discoverFields(at).k).toBe(1);
    expect(discoverFields(over)).toBe(TOO_DEEP);
    const extract = (text: string) => new FieldExtractor(["k"]).extract(Buffer.from(text), 0, text.length, true);
    expect(extract(at)?.k).toBe(1);
    expect(extract(over)).toBeUndefined();
    expect(new FieldExtractor(["level"]).extract(Buffer.from(line), 0, line.length, true)).toBeUndefined();
  });

  test("jsonParse of such text is missing", async () => {
    const source = createMemorySource([{ timestamp: 1, message: JSON.stringify({ j: deep(5000) }) }]);
    const result = await runQuery("fields jsonParse(j) as p, ispresent(p) as has", source);
    expect(result.rows[0].has).toBe("0");
  });
});
