import { seededRandom } from "../../prng.js";
import type { MemoryEventInput } from "../../sources/memory.js";

/**
 * Fuzz cases for the engine: queries made by mutating the AWS documentation's sample queries
 * (fixtures/insights-sample-queries.txt) and by building deep or long constructs, run over a
 * few small, odd events. Everything follows from the seed, so a failure can be replayed.
 */

/** The queries of a sample corpus: blocks separated by `---` lines, `#` lines dropped. */
export function corpusQueries(text: string): string[] {
  return text
    .split(/^---$/m)
    .map((block) => block.split("\n").filter((line) => !line.startsWith("#")).join("\n").trim())
    .filter((q) => q !== "");
}

const FRAGMENTS = [
  "not ", "(", ")", "[", "]", "|", ",", " and ", " or ", " + ", " - ", " * ", " / ", " ^ ", " % ", " = ", " != ", " < ", " >= ",
  " like ", " =~ ", " in ", " not like ", " as x", " by ", "/x/", "/(a+)+$/", "/(?<n>\\d+)/", "/(?=a)/", "/a{2000}/", '"8e91234"',
  "1234567890123456789", "1e999", "-0", "0.1", '"', "'", "`", "#", "{{p}}", "$Q(", "@message", "@timestamp", "status", "a.b.c",
  "jsonParse(@message)", ".a", "[0]", "abs(", "bin(1m)", "bin(0s)", "count(*)", "pct(x, 150)", "stats count(*) by ", "sort ", "limit 3",
  "limit 0", "dedup ", "fields ", "filter ", "display ", "parse @message \"*=*\" as a, b", "unnest x into y", "pattern @message",
  "SOURCE logGroups(namePrefix: ['/a'])", "é", "😀", "\u0000", "\n", "  ", "**", "()", "[]", "{}", "\\", "..", "@", "$",
];

export interface FuzzCase {
  /** What made the query (for the report). */
  kind: string;
  query: string;
}

/** The `index`-th case of the run seeded with `seed`. */
export function fuzzCase(corpus: readonly string[], seed: number, index: number): FuzzCase {
  const r = seededRandom((seed * 1_000_003 + index) >>> 0);
  const int = (n: number) => Math.floor(r() * n);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)];
  const base = pick(corpus);
  const choice = r();
  if (choice < 0.55) return { kind: "mutated sample", query: mutate(base, 1 + int(4), r) };
  if (choice < 0.75) return { kind: "deep", query: deep(int, pick) };
  if (choice < 0.9) return { kind: "long", query: long(int, pick) };
  // A sample with a deep or long piece put in at a random place.
  const piece = r() < 0.5 ? deep(int, pick).replace(/^\w+ /, "") : long(int, pick).replace(/^\w+ /, "");
  const at = int(base.length + 1);
  return { kind: "sample with a deep or long piece", query: base.slice(0, at) + piece + base.slice(at) };
}

function mutate(query: string, times: number, r: () => number): string {
  const int = (n: number) => Math.floor(r() * n);
  let tokens = query.split(/(\s+|[()[\]{},|])/).filter((t) => t !== "");
  for (let i = 0; i < times && tokens.length > 0; i++) {
    const at = int(tokens.length);
    const what = int(5);
    if (what === 0) tokens.splice(at, 1);
    else if (what === 1) tokens.splice(at, 0, tokens[int(tokens.length)]);
    else if (what === 2) [tokens[at], tokens[int(tokens.length)]] = [tokens[int(tokens.length)], tokens[at]];
    else if (what === 3) tokens.splice(at, 0, FRAGMENTS[int(FRAGMENTS.length)]);
    else tokens = [...tokens.slice(0, at), ...tokens.slice(at).reverse()];
  }
  return tokens.join("");
}

function deep(int: (n: number) => number, pick: <T>(items: readonly T[]) => T): string {
  const n = pick([50, 99, 100, 101, 600, 3000]) + int(3);
  switch (int(6)) {
    case 0:
      return `filter ${"not ".repeat(n)}status = 200`;
    case 1:
      return `filter ${"(".repeat(n)}status = 200${")".repeat(n)}`;
    case 2:
      return `fields ${"abs(".repeat(n)}duration${")".repeat(n)} as x`;
    case 3:
      return `fields ${"-".repeat(n)}1 as x`;
    case 4:
      return `filter status in ${"[".repeat(n)}1${"]".repeat(n)}`;
    default:
      return `fields jsonParse(@message)${".a".repeat(n)} as x`;
  }
}

function long(int: (n: number) => number, pick: <T>(items: readonly T[]) => T): string {
  const n = pick([100, 1000, 5000]) + int(10);
  const items = (make: (i: number) => string, sep: string) => Array.from({ length: n }, (_, i) => make(i)).join(sep);
  switch (int(6)) {
    case 0:
      return `stats count(*) by ${items(() => "status", " + ")}`;
    case 1:
      return `filter ${items((i) => `status != ${i}`, " and ")}`;
    case 2:
      return `filter ${items((i) => `duration = ${i}`, " or ")}`;
    case 3:
      return items((i) => `fields status as s${i}`, " | ");
    case 4:
      return `stats ${items((i) => `count(f${i}) as c${i}`, ", ")}`;
    default:
      return `filter @message like "${"x".repeat(n * 10)}" or ${items(() => "duration", " * ")} > 1`;
  }
}

/** The small, odd events every case runs over. */
export function fuzzEvents(): MemoryEventInput[] {
  const t = Date.UTC(2026, 0, 1);
  const deepJson = (levels: number) => `${'{"a":'.repeat(levels)}1${"}".repeat(levels)}`;
  const messages = [
    JSON.stringify({ status: 200, duration: 12.5, method: "GET", path: "/api/v1/todos/1", msg: "ok" }),
    JSON.stringify({ status: "500", duration: "1e999", method: "POST", id: "1234567890123456789", commit: "8e91234" }),
    JSON.stringify({ level: "error", msg: "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!", nested: { a: { b: [1, 2, { c: "d" }] } } }),
    `{"status":404,"duration":-0,"deep":${deepJson(300)}}`,
    "2026-01-01T00:00:04.000Z 3f9c2a INFO {\"status\": 201, \"path\": \"/x\"}",
    "ERROR java.lang.NullPointerException\n\tat com.example.Foo.bar(Foo.java:12)",
    "",
    "plain text with é and 😀 and a=1 b=2",
    '{"status": 1e400, "toString": "x", "__proto__": {"a": 1}, "@timestamp": "bad"}',
  ];
  return messages.map((message, i) => ({ timestamp: t + i * 61_000, message, logStream: i % 2 === 0 ? "a" : "b" }));
}
