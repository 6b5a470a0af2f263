import { afterEach, expect, test } from "vitest";
import { checkQuery } from "./index.js";

/**
 * Compiling is close to linear in the query's length: the work done for a query twice as long
 * (counted as the elements that array searches and callbacks go through and the entries added
 * to sets and maps, not as time) is about twice as much. A copy of a growing set per item, or a
 * search of every earlier diagnostic per diagnostic, makes it four times as much.
 */
type Patched = { target: object; key: string; original: unknown };
const patched: Patched[] = [];

function countWork(run: () => void): number {
  let work = 0;
  const wrap = (target: object, key: string, cost: (self: unknown, args: unknown[]) => number) => {
    const original = (target as Record<string, unknown>)[key] as (...args: unknown[]) => unknown;
    patched.push({ target, key, original });
    (target as Record<string, unknown>)[key] = function (this: unknown, ...args: unknown[]) {
      work += cost(this, args);
      return original.apply(this, args);
    };
  };
  const length = (self: unknown) => (self as { length: number }).length;
  for (const key of ["some", "every", "filter", "find", "findIndex", "map", "forEach", "includes", "indexOf", "slice"]) wrap(Array.prototype, key, length);
  wrap(Set.prototype, "add", () => 1);
  wrap(Map.prototype, "set", () => 1);
  try {
    run();
  } finally {
    restore();
  }
  return work;
}

function restore(): void {
  for (const { target, key, original } of patched.splice(0)) (target as Record<string, unknown>)[key] = original;
}

afterEach(restore);

const SHAPES: Record<string, (n: number) => string> = {
  "stats items": (n) => "stats " + Array.from({ length: n }, (_, i) => `count(f${i}) as c${i}`).join(", "),
  "fields": (n) => "fields " + Array.from({ length: n }, (_, i) => `f${i}`).join(", "),
  "commands": (n) => Array.from({ length: n }, () => "filter a = 1 | display a").join(" | "),
  "an and chain": (n) => "filter " + Array.from({ length: n }, (_, i) => `f${i} = ${i}`).join(" and "),
  "a + chain in by": (n) => "stats count(*) by " + Array.from({ length: n }, () => "value").join(" + "),
  "errors": (n) => "fields " + Array.from({ length: n }, () => "a +").join(", "),
  "unknown commands": (n) => Array.from({ length: n }, () => "fieldz a").join(" | "),
  "unknown functions": (n) => "fields " + Array.from({ length: n }, (_, i) => `fnx${i}(a)`).join(", "),
  "fields after stats": (n) => "stats count(*) as c by x | " + Array.from({ length: n }, (_, i) => `fields c as c${i}`).join(" | "),
  "missing fields after stats": (n) => "stats count(*) as c by x | " + Array.from({ length: n }, (_, i) => `fields y as c${i}`).join(" | "),
};

test.each(Object.entries(SHAPES))("%s: twice the length, about twice the work", (_name, make) => {
  const small = make(1000);
  const large = make(2000);
  const ratio = countWork(() => checkQuery(large)) / countWork(() => checkQuery(small));
  expect(large.length).toBeGreaterThan(10_000);
  expect(ratio).toBeLessThan(2.5);
});
