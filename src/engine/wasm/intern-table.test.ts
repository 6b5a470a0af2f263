import { isAscii } from "node:buffer";
import { describe, expect, it } from "vitest";
import { seededRandom } from "../../prng.js";
import { discoverFields, ownField } from "../discover.js";
import { FieldExtractor } from "../extract.js";
import { FlatScanner, Kind, SLOT_INTS } from "./flat-scan.js";

/** The scan of `line`, alone in its buffer: each key's kind, text and interned entry. */
function scan(scanner: FlatScanner, line: string): Array<{ kind: number; text: string; entry: number }> {
  const buf = Buffer.from(line, "latin1");
  scanner.load(buf, 0, buf.length);
  expect(scanner.scan(0, buf.length)).toBeGreaterThanOrEqual(0);
  const out = [];
  for (let k = 0; k < 2; k++) {
    const [kind, from, to, entry] = scanner.slots.subarray(SLOT_INTS * k, SLOT_INTS * k + 4);
    const text = kind === Kind.missing ? "" : buf.toString("latin1", from + scanner.shift, to + scanner.shift);
    // What the extractor does with a value not found: learn it.
    if (kind === Kind.string && entry < 0) scanner.interned.learn(k, from, to, text);
    out.push({ kind, text, entry });
  }
  return out;
}

describe("string values interned in the flat scan", () => {
  it("finds a value seen before by its bytes, under the key it was seen for", () => {
    const scanner = FlatScanner.create([Buffer.from("sql"), Buffer.from("route")])!;
    const sql = "SELECT id, title FROM todos WHERE id = $1";
    expect(scan(scanner, JSON.stringify({ sql, route: "/a" }))[0].entry).toBe(-1);
    const again = scan(scanner, JSON.stringify({ route: "/a", n: 1, sql }));
    expect(again[0].entry).toBeGreaterThanOrEqual(0);
    expect(scanner.interned.strings[again[0].entry]).toBe(sql);
    // Short values, hashed byte by byte.
    expect(again[1].entry).toBeGreaterThanOrEqual(0);
    expect(scanner.interned.strings[again[1].entry]).toBe("/a");
    // The same bytes under the other key; one byte changed where no hashed word is; one longer.
    expect(scan(scanner, JSON.stringify({ route: sql }))[1].entry).toBe(-1);
    expect(scan(scanner, JSON.stringify({ sql: sql.replace("title", "titlf") }))[0].entry).toBe(-1);
    expect(scan(scanner, JSON.stringify({ sql: sql + " " }))[0].entry).toBe(-1);
  });

  it("gives every field as discovery does, over many lines of repeated, unique, long and non-ASCII values", () => {
    const random = seededRandom(17);
    const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
    const statements = Array.from({ length: 40 }, (_, i) => `SELECT ${"c".repeat(i)} FROM todos WHERE id = $${i}`);
    const names = ["sql", "route", "id", "note"];
    const extractor = new FieldExtractor(names);
    let lines = 0;
    for (let round = 0; round < 40; round++) {
      const text = Array.from({ length: 400 }, (_, i) => {
        const n = round * 400 + i;
        const fields: Record<string, unknown> = {
          sql: pick(statements),
          // Values of every length around the hashed words' 8 bytes, some the same bytes as a sql.
          route: pick(["", "/", "/a", "/api/v1", "/api/v1/", "/api/v1/x", statements[0], `/todos/${n % 3000}`]),
          // Unique: the key is no longer looked up after its trial.
          id: `req-${n}`,
        };
        // Long values fill the values' bytes; non-ASCII ones are never added.
        if (n % 7 === 0) fields.note = "x".repeat(3000 + (n % 500));
        else if (n % 7 === 1) fields.note = pick(["caf\u00e9", "na\u00efve \u2603", "\ud83d\ude00 done"]);
        else if (n % 7 === 2) fields.note = pick(["ok", "retry"]);
        return JSON.stringify(fields);
      }).join("\n");
      const buf = Buffer.from(text + "\n", "utf8");
      const ascii = isAscii(buf);
      for (let start = 0; start < buf.length; ) {
        const end = buf.indexOf(0x0a, start);
        const line = ascii ? buf.toString("latin1", start, end) : buf.toString("utf8", start, end);
        const full = discoverFields(line);
        const picked = extractor.extract(buf, start, end, ascii) ?? full;
        for (const name of names) if ((ownField(picked, name) ?? null) !== (ownField(full, name) ?? null)) expect({ line, name, value: ownField(picked, name) }).toEqual({ line, name, value: ownField(full, name) });
        lines++;
        start = end + 1;
      }
    }
    expect(lines).toBe(16_000);
  });
});
