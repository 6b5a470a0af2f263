import { describe, expect, it } from "vitest";
import { discoverFields, MAX_DISCOVERED_FIELDS } from "./discover.js";

describe("discoverFields", () => {
  it("extracts at most 200 fields, in document order", () => {
    const obj: Record<string, number> = {};
    for (let i = 0; i <= MAX_DISCOVERED_FIELDS; i++) obj[`k${i}`] = i;
    const fields = discoverFields(JSON.stringify(obj));
    expect(Object.keys(fields)).toHaveLength(200);
    expect(fields.k199).toBe(199);
    expect(fields.k200).toBeUndefined();
  });

  it("counts leaves of nested objects towards the cap", () => {
    const inner: Record<string, number> = {};
    for (let i = 0; i < 199; i++) inner[`x${i}`] = i;
    const fields = discoverFields(JSON.stringify({ a: inner, b: 1, c: 2 }));
    expect(fields["a.x198"]).toBe(198);
    expect(fields.b).toBe(1);
    expect(fields.c).toBeUndefined();
  });

  it("finds nothing in text, arrays or broken JSON", () => {
    expect(Object.keys(discoverFields("plain"))).toEqual([]);
    expect(Object.keys(discoverFields("[1,2]"))).toEqual([]);
    expect(Object.keys(discoverFields('{"a":'))).toEqual([]);
  });
});

describe("discovered fields through a row", () => {
  it("never exposes inherited object properties as fields", async () => {
    const { Row } = await import("./record.js");
    const row = new Row({ timestamp: 0, ingestionTime: 0, message: '{"a":1}', logGroup: "g", logStream: "s", ptr: "p" }, 0);
    expect(row.get("a")).toBe(1);
    expect(row.get("toString")).toBeNull();
    expect(row.get("constructor")).toBeNull();
  });
});
