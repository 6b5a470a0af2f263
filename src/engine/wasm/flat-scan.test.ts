import { describe, expect, it } from "vitest";
import { FlatScanner, Kind, MAX_KEYS, NOT_FLAT, SLOT_INTS } from "./flat-scan.js";

const keys = (...names: string[]) => names.map((n) => Buffer.from(n, "latin1"));

/** What the scan found for each key, as [kind, text of the value]. */
function scanned(scanner: FlatScanner, buf: Buffer, start: number, end: number, keyCount: number): { scalars: number; found: Array<[number, string]> } {
  if (!scanner.covers(buf, start, end)) scanner.load(buf, start, end);
  const scalars = scanner.scan(start, end);
  const found: Array<[number, string]> = [];
  for (let k = 0; k < keyCount; k++) {
    const kind = scanner.slots[SLOT_INTS * k];
    found.push([kind, kind === Kind.missing ? "" : buf.toString("latin1", scanner.slots[SLOT_INTS * k + 1] + scanner.shift, scanner.slots[SLOT_INTS * k + 2] + scanner.shift)]);
  }
  return { scalars, found };
}

describe("FlatScanner", () => {
  it("assembles and runs on this Node (WebAssembly SIMD)", () => {
    expect(FlatScanner.create(keys("a"))).toBeDefined();
  });

  it("finds each wanted key's last value and counts the scalars of a flat line", () => {
    const scanner = FlatScanner.create(keys("a", "status", "sql"))!;
    const line = Buffer.from('{"a":"x","status":201,"b":true,"a":-1.5e+3,"n":null,"sql":"SELECT 1 ] } , :","f":false}');
    expect(scanned(scanner, line, 0, line.length, 3)).toEqual({
      scalars: 6,
      found: [
        [Kind.number, "-1.5e+3"],
        [Kind.number, "201"],
        [Kind.string, "SELECT 1 ] } , :"],
      ],
    });
    const literals = Buffer.from('{"sql":null,"a":true,"status":false}');
    expect(scanned(scanner, literals, 0, literals.length, 3).found.map(([kind]) => kind)).toEqual([Kind.true, Kind.false, Kind.null]);
  });

  it("finds a string's end wherever it falls against the 64-byte windows, and a special inside it", () => {
    const scanner = FlatScanner.create(keys("a", "b"))!;
    for (let pad = 0; pad < 70; pad += 3) {
      for (let length = 0; length < 150; length++) {
        const text = `{"${"p".repeat(pad)}":1,"a":"${"x".repeat(length)}","b":"y"}`;
        const buf = Buffer.from(`${text}\n`);
        expect(scanned(scanner, buf, 0, text.length, 2)).toEqual({ scalars: 3, found: [[Kind.string, "x".repeat(length)], [Kind.string, "y"]] });
        const escaped = Buffer.from(`{"${"p".repeat(pad)}":1,"a":"${"x".repeat(length)}\\n"}\n`);
        expect(scanned(scanner, escaped, 0, escaped.length - 1, 2).scalars).toBe(NOT_FLAT);
      }
    }
  });

  it("leaves to the general scan whatever is not a compact flat object", () => {
    const scanner = FlatScanner.create(keys("a"))!;
    for (const text of [
      "{}",
      '{"a":1 }',
      '{ "a":1}',
      '{"a":{"x":1}}',
      '{"a":[1]}',
      '{"a":"say \\"hi\\""}',
      '{"a\\u0041":1}',
      '{"a":"tab\there"}',
      '{"a":01}',
      '{"a":1.}',
      '{"a":-}',
      '{"a":1e}',
      '{"a":tru}',
      '{"a":nul,"b":1}',
      '{"a":1,}',
      '{"a":1}x',
      '{"a":1}}',
      'x{"a":1}',
      '{"a"1}',
      '{"a":1,"b"}',
    ]) {
      const buf = Buffer.from(`${text}\n`);
      expect({ text, result: scanned(scanner, buf, 0, text.length, 1).scalars }).toEqual({ text, result: NOT_FLAT });
    }
  });

  it("stops at the end of the input for every cut of a line, with nothing after it", () => {
    const scanner = FlatScanner.create(keys("a", "b"))!;
    const text = '{"a":"some text","b":12.5e-3,"c":true,"d":false,"e":null,"f":"x"}';
    for (let cut = 1; cut <= text.length; cut++) {
      const buf = Buffer.from(text.slice(0, cut));
      expect({ cut, result: scanned(scanner, buf, 0, cut, 2).scalars }).toEqual({ cut, result: cut === text.length ? 5 : NOT_FLAT });
    }
  });

  it("scans lines of a buffer larger than its memory, after growing it", () => {
    const scanner = FlatScanner.create(keys("n"))!;
    const lines = Array.from({ length: 60_000 }, (_, i) => `{"message":"${"m".repeat(i % 90)}","n":${i}}`);
    const buf = Buffer.from(lines.join("\n"));
    scanner.load(buf, 0, buf.length);
    let start = 0;
    for (let i = 0; i < lines.length; i++) {
      const end = start + lines[i].length;
      expect(scanner.covers(buf, start, end)).toBe(true);
      const { found } = scanned(scanner, buf, start, end, 1);
      if (found[0][1] !== String(i)) expect({ i, found }).toEqual({ i, found: [[Kind.number, String(i)]] });
      start = end + 1;
    }
  });

  it("finds keys of every length, those of 63 bytes and more among others as long", () => {
    const names = [1, 7, 8, 9, 62, 63, 64, 100].map((n) => "k".repeat(n - 1) + "w");
    const scanner = FlatScanner.create(keys(...names))!;
    // Unwanted keys of the same lengths and longer, before and after each wanted one.
    const members = names.flatMap((name, i) => [`"${"k".repeat(name.length)}":0`, `"${name}":${i}`, `"${"x".repeat(name.length + 40)}":1`]);
    const line = Buffer.from(`{${members.join(",")}}`);
    expect(scanned(scanner, line, 0, line.length, names.length).found).toEqual(names.map((_, i) => [Kind.number, String(i)]));
  });

  it("takes at most MAX_KEYS keys", () => {
    expect(FlatScanner.create(Array.from({ length: MAX_KEYS + 1 }, (_, i) => Buffer.from(`k${i}`)))).toBeUndefined();
  });
});
