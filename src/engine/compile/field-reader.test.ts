import { describe, expect, it } from "vitest";
import type { LogEvent } from "../source.js";
import { Row } from "../record.js";
import { JoinedRow } from "../commands/join.js";
import type { Value } from "../values.js";
import { fieldReader } from "./field-reader.js";

const event = (message: string, fields?: Record<string, Value>): LogEvent => ({
  timestamp: 1_700_000_000_000,
  ingestionTime: 1_700_000_000_000,
  message,
  logGroup: "g",
  logStream: "s",
  ptr: "p0",
  ...(fields === undefined ? {} : { fields }),
});

// Names of the object prototype, a dotted name, system fields, absent names and plain ones.
const NAMES = ["sql", "duration_ms", "constructor", "toString", "__proto__", "hasOwnProperty", "valueOf", "a.b", "a", "@message", "@timestamp", "@ptr", "missing", "n"];
const MESSAGES = [
  `{"sql":"SELECT 1","duration_ms":1.5,"n":null}`,
  `{"constructor":"c","toString":7,"__proto__":"p","a":{"b":2}}`,
  `{"a.b":"dotted","valueOf":false}`,
  `not json at all`,
  `{"deep":${"[".repeat(200)}${"]".repeat(200)}}`,
];

/** Every way a row can hold fields: discovered from its message, handed over by the source (with and without prototype names), set by a command, joined. */
function rows(): Row[] {
  const out: Row[] = [];
  for (const message of MESSAGES) {
    out.push(new Row(event(message), 0, { tooDeep: 0 }));
    const set = new Row(event(message), 1);
    set.set("sql", "set by a command");
    set.set("a", { b: "from a set map" });
    out.push(set);
  }
  out.push(new Row(event("", { sql: "handed", duration_ms: 3, constructor: undefined as unknown as Value, missing: undefined as unknown as Value }), 2));
  out.push(new Row(event("", { toString: "own text", n: null }), 3));
  out.push(new Row(null, 4));
  const left = new Row(event(MESSAGES[0]), 5);
  const joined = new JoinedRow(left, new Row(event(MESSAGES[1]), 6), "l.", "r.");
  joined.set("sql", "set on the joined row");
  out.push(joined);
  return out;
}

describe("fieldReader", () => {
  it("answers as row.get for every name and every kind of row", () => {
    for (const name of [...NAMES, "l.sql", "r.constructor"]) {
      const read = fieldReader(name);
      rows().forEach((row, i) => expect(read(row), `${name} on row ${i}`).toEqual(rows()[i].get(name)));
    }
  });

  it("is one evaluator per name", () => {
    expect(fieldReader("sql")).toBe(fieldReader("sql"));
    expect(fieldReader("sql")).not.toBe(fieldReader("duration_ms"));
  });
});
