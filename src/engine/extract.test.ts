import { isAscii } from "node:buffer";
import { describe, expect, it } from "vitest";
import { discoverFields, MAX_DISCOVERED_FIELDS, ownField } from "./discover.js";
import { extractable, extractableFields, FieldExtractor } from "./extract.js";
import { Row } from "./record.js";
import { seededRandom } from "../prng.js";
import { parseJsonExact } from "./exact-number.js";
import type { Value } from "./values.js";

/** What a row reads for `name` from these discovered fields (missing and JSON null are null). */
const read = (fields: ReturnType<typeof discoverFields>, name: string) => ownField(fields, name) ?? null;

/**
 * The extractor over the line's bytes (placed mid-buffer, as a source reads them) against full
 * discovery of the text a source makes of those bytes; a failed extraction means full discovery.
 */
function expectSameAsDiscovery(line: string | Buffer, names: string[]): void {
  const bytes = typeof line === "string" ? Buffer.from(line, "utf8") : line;
  const buf = Buffer.concat([Buffer.from('{"x":1}\n'), bytes, Buffer.from('\n{"y":2}')]);
  const start = 8;
  const end = start + bytes.length;
  const ascii = isAscii(bytes);
  const full = discoverFields(ascii ? bytes.toString("latin1") : bytes.toString("utf8"));
  const picked = new FieldExtractor(names).extract(buf, start, end, ascii) ?? full;
  const text = bytes.toString("utf8");
  for (const name of names) expect({ text, name, value: read(picked, name) }).toEqual({ text, name, value: read(full, name) });
}

const KEYS = ["a", "b", "status", "url", "duration_ms", "@timestamp", "toString", "k\u00e9", "", "a.b", "0", "12", "\u00e9"];
const STRINGS = [
  "",
  "plain",
  "/api/v1/todos/42",
  'say \\"hi\\"',
  "tab\\tnew\\nline",
  "\\u00e9t\\u00E9",
  "\\ud83d\\ude00",
  "\\ud800",
  "caf\u00e9 \u2603 \ud83d\ude00",
  "back\\\\slash",
  "slash\\/ed",
  "{\\\"nested\\\": 1}",
  "] } , : [ {",
];
const NUMBERS = ["0", "-0", "1", "-17", "3.25", "1e3", "1E-7", "-2.5e+10", "123456789012345678901234567890", "1e400", "0.1"];
const BROKEN_NUMBERS = ["01", "-", "1.", ".5", "1e", "+1", "0x10", "1e+", "NaN", "Infinity"];
const BROKEN_STRINGS = ["\\x41", "\\u12", "raw\ttab", "raw\nline", "\\"];

function generator(seed: number) {
  const r = seededRandom(seed);
  const pick = <T,>(items: readonly T[]): T => items[Math.floor(r() * items.length)];
  // Half the lines are compact, as services write them (the WebAssembly scan's lines).
  let compact = false;
  const space = () => (compact ? "" : pick(["", "", "", " ", "  ", "\t", "\n", "\r\n "]));
  const key = () => (r() < 0.1 ? pick(["st\\u0061tus", "\\u0061", "a\\\"b"]) : pick(KEYS));
  const value = (depth: number): string => {
    const x = r();
    if (x < 0.35) return `"${pick(STRINGS)}"`;
    if (x < 0.6) return pick(NUMBERS);
    if (x < 0.72) return pick(["true", "false", "null"]);
    if (depth > 2) return "1";
    if (x < 0.86) return object(depth + 1);
    const n = Math.floor(r() * 4);
    return `[${space()}${Array.from({ length: n }, () => value(depth + 1)).join(`${space()},${space()}`)}${space()}]`;
  };
  const object = (depth: number): string => {
    const n = Math.floor(r() * 6);
    const members = Array.from({ length: n }, () => `${space()}"${key()}"${space()}:${space()}${value(depth)}${space()}`);
    return `{${members.join(",")}${n === 0 ? space() : ""}}`;
  };
  const breakIt = (line: string): string => {
    const at = Math.floor(r() * (line.length + 1));
    switch (Math.floor(r() * 8)) {
      case 0:
        return line.slice(0, at);
      case 1:
        return line.slice(0, at) + pick([",", "}", "]", ":", '"', "x"]) + line.slice(at);
      case 2:
        return `{"a": ${pick(BROKEN_NUMBERS)}, "b": 1}`;
      case 3:
        return `{"a": "${pick(BROKEN_STRINGS)}", "b": 1}`;
      case 4:
        return `2024-01-01T00:00:00Z INFO ${line} trailing`;
      case 5:
        return `\u00a0${line}\ufeff`;
      case 6:
        return `${line}${pick(["x", ",", "}", "{}"])}`;
      default:
        return `[${line}]`;
    }
  };
  return () => {
    compact = r() < 0.5;
    const line = `${space()}${object(0)}${space()}`;
    return r() < 0.25 ? breakIt(line) : line;
  };
}

describe("fieldExtractor", () => {
  it("reads exactly what full discovery reads, over many generated lines (tricky and broken ones too)", () => {
    const next = generator(20260101);
    const nameSets = [["a"], ["a", "b", "status"], ["url", "duration_ms", "toString"], ["0", "12", "constructor"], ["missing", "b"], ["a.b", "b.a"], ["a", "a.b.a", "a.0", "b.12"]];
    for (let i = 0; i < 5000; i++) {
      const line = next();
      for (const names of nameSets) expectSameAsDiscovery(line, names);
    }
  }, 120_000); // 35,000 comparisons: about 13 s on a quiet 2-core machine, so give a loaded one room

  it("decodes non-ASCII and invalid UTF-8 bytes as the source's text of the line has them", () => {
    const names = ["a", "b"];
    const utf8 = (s: string) => Buffer.from(s, "utf8");
    const bytes = (...parts: Array<string | number[]>) => Buffer.concat(parts.map((p) => (typeof p === "string" ? utf8(p) : Buffer.from(p))));
    for (const line of [
      bytes('{"a": "caf\u00e9 \u2603", "b": "\ud83d\ude00"}'),
      bytes('{"a": "x', [0xff], 'y", "b": 1}'),
      bytes('{"a": "x', [0xc3], '", "b": "', [0xe2, 0x98], '"}'),
      bytes('{"', [0xc3, 0xa9], '": 1, "a": "\u00e9', [0xed, 0xa0, 0x80], '"}'),
      bytes([0xef, 0xbb, 0xbf], '{"a": 1}'),
      bytes('{"a": 1}', [0xc2, 0xa0]),
      bytes('{"a": 1, ', [0xc2, 0xa0], '"b": 2}'),
    ]) {
      expectSameAsDiscovery(line, names);
    }
  });

  it("handles repeated keys, nested values, null and escaped keys as JSON.parse and flattening do", () => {
    const names = ["a", "b", "c", "status"];
    for (const line of [
      '{"a": 1, "a": 2}',
      '{"a": {"x": 1}, "a": 3}',
      '{"a": 3, "a": {"x": 1}}',
      '{"a": [1, 2], "b": null}',
      '{"a": null, "a": "x"}',
      '{"st\\u0061tus": 200, "status": 201}',
      '{"status": 200, "st\\u0061tus": "s"}',
      '{"a": 1e2, "b": -0, "c": 0.30000000000000004}',
      '{"a": "\\u00e9\\n", "b": true, "c": false}',
      '{"a":true,"b":false,"c":null,"status":-1.5e3}',
      '{"a":"x","a":false,"b":"y","b":null}',
      '  {"a":1}\t\r\n',
      "{}",
      '{"a":1}{"a":2}',
      'INFO {"a": 1} done',
      '{"@timestamp": 5, "a": 1}',
    ]) {
      expectSameAsDiscovery(line, names);
    }
  });

  it("reads a dotted name as a top-level key, and leaves a line where it could flatten from an object or array to full discovery", () => {
    const names = ["message", "message.timestamp", "a.b.c"];
    for (const line of [
      '{"message":"plain","message.timestamp":"t1"}',
      '{"message":{"timestamp":"t2"},"message.timestamp":"t1"}',
      '{"message.timestamp":"t1","message":{"timestamp":"t2"}}',
      '{"message":{"timestamp":"t2"},"message":"later"}',
      '{"message":["x"],"a":{"b":{"c":3}}}',
      '{"a.b":{"c":4},"a.b.c":5}',
      '{"a":{"b.c":6}}',
      '{"a":1,"a.b":2,"a.b.c":7}',
      '{"other":{"message":{"timestamp":"t3"}}}',
    ]) {
      expectSameAsDiscovery(line, names);
      expectSameAsDiscovery(line, ["message.timestamp"]);
    }
    const extractor = new FieldExtractor(["message.timestamp"]);
    const flat = Buffer.from('{"message":"m","message.timestamp":"t1"}');
    expect(extractor.extract(flat, 0, flat.length, true)?.["message.timestamp"]).toBe("t1");
    const nested = Buffer.from('{"message":{"timestamp":"t2"}}');
    expect(extractor.extract(nested, 0, nested.length, true)).toBeUndefined();
  });

  it("applies the 200-field cap as full discovery does", () => {
    const wide: Record<string, number> = {};
    for (let i = 0; i <= MAX_DISCOVERED_FIELDS + 5; i++) wide[`k${i}`] = i;
    expectSameAsDiscovery(JSON.stringify(wide), ["k0", "k199", "k200", "k205"]);
    const inner: Record<string, number> = {};
    for (let i = 0; i < 199; i++) inner[`x${i}`] = i;
    expectSameAsDiscovery(JSON.stringify({ a: inner, b: 1, c: 2 }), ["b", "c"]);
    expectSameAsDiscovery(JSON.stringify({ c: 2, "1": 5, a: inner, b: 1 }), ["1", "b", "c"]);
    const nulls: Record<string, null | number> = {};
    for (let i = 0; i <= MAX_DISCOVERED_FIELDS + 5; i++) nulls[`n${i}`] = null;
    expectSameAsDiscovery(JSON.stringify({ ...nulls, last: 1 }), ["last", "n0"]);
  });

  it("skips lines without a wanted key by searching the buffer, as discovery would find none", () => {
    const lines = [
      '{"sql":"SELECT 1","duration_ms":2}',
      '{"level":"info","message":"no key here"}',
      'prefix {"sql":"in a fragment"} suffix',
      '{"s\\u0071l":"escaped key","other":"\\"sql\\" in a value"}',
      "plain text without keys",
      '{"nested":{"sql":"not top level"},"duration_ms":3}',
      '{"message":"the word sql alone","level":"debug"}',
      '{"sql":"last","duration_ms":null}',
    ];
    const buf = Buffer.from(lines.join("\n") + "\n");
    const extractor = new FieldExtractor(["sql", "duration_ms"]);
    // Twice over the same buffer: positions found for later lines must not leak to earlier ones.
    for (let pass = 0; pass < 2; pass++) {
      let start = 0;
      for (const line of lines) {
        const end = start + Buffer.byteLength(line);
        const full = discoverFields(line);
        const picked = extractor.extract(buf, start, end, true) ?? full;
        for (const name of ["sql", "duration_ms"]) expect({ line, name, value: read(picked, name) }).toEqual({ line, name, value: read(full, name) });
        start = end + 1;
      }
    }
  });

  it("reads numbers as discovery does, short and long, integral and fractional: integers beyond 2^53 as written", () => {
    const random = seededRandom(11);
    const digits = (n: number) => Array.from({ length: n }, () => Math.floor(random() * 10)).join("");
    const texts = ["0", "-0", "0.1", "-0.000", "9007199254740993", "123456789012345.6", "1e5", "-2.5E-3", "0.30000000000000004"];
    for (let n = 0; n < 3000; n++) {
      const whole = String(Number(digits(1 + Math.floor(random() * 17))));
      const fraction = random() < 0.6 ? `.${digits(1 + Math.floor(random() * 18))}` : "";
      texts.push(`${random() < 0.3 ? "-" : ""}${whole}${fraction}`);
    }
    const extractor = new FieldExtractor(["n"]);
    for (const text of texts) {
      const line = Buffer.from(`{"s":"x","n":${text}}`);
      const value = extractor.extract(line, 0, line.length, true)?.n;
      const expected = (parseJsonExact(`[${text}]`) as Value[])[0];
      expect({ text, value: Object.is(value, -0) ? "-0" : value }).toEqual({ text, value: Object.is(expected, -0) ? "-0" : expected });
      // The text itself for an integer beyond the safe ones, else JSON.parse's double.
      if (/^-?\d+$/.test(text) && !Number.isSafeInteger(Number(text))) expect(value).toBe(text);
      else expect(value).toBe(JSON.parse(text));
    }
    expect(extractor.extract(Buffer.from('{"n":9007199254740993}'), 0, 22, true)?.n).toBe("9007199254740993");
    expect(extractor.extract(Buffer.from('{"n":9007199254740991}'), 0, 22, true)?.n).toBe(9007199254740991);
  });

  it("takes printable ASCII names (dotted ones too) only; system fields need no extraction", () => {
    expect(extractableFields(["@message", "@timestamp", "a", "toString", "a"])).toEqual(["a", "toString"]);
    for (const name of ["@@x", "@requestId", "__proto__", "a.__proto__", "k\u00e9", "", ".a", "a.", "a..b"]) expect(extractable(name)).toBe(false);
    expect(extractableFields(["a", "a.b"])).toEqual(["a", "a.b"]);
    expect(extractableFields(["a", "k\u00e9.b"])).toBeUndefined();
  });

  it("serves a row's reads through LogEvent.fields, system fields aside", () => {
    const message = '{"a":1,"b":2}';
    const fields = new FieldExtractor(["a", "toString"]).extract(Buffer.from(message), 0, message.length, true);
    const row = new Row({ timestamp: 0, ingestionTime: 0, message, logGroup: "g", logStream: "s", ptr: "p", fields }, 0);
    expect(row.get("a")).toBe(1);
    expect(row.get("toString")).toBeNull();
    expect(row.get("@message")).toBe(message);
  });
});
