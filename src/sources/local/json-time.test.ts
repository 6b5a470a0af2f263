import { describe, expect, it } from "vitest";
import { JsonTimeFinder } from "./json-time.js";
import { parseEpochBytes, parseIsoBytes } from "./iso-time.js";

/** The time a string value's text reads as on its own: ISO, else an epoch number. */
function reference(value: string): number {
  const bytes = Buffer.from(value, "latin1");
  const iso = parseIsoBytes(bytes, 0, bytes.length);
  return Number.isNaN(iso) ? parseEpochBytes(bytes, 0, bytes.length) : iso;
}

function find(line: string): number {
  const finder = new JsonTimeFinder();
  const buf = Buffer.from(line, "latin1");
  finder.reset(buf);
  return finder.find(0, buf.length);
}

const VALUES = [
  "2024-04-19T09:00:00.123Z", "2024-04-19T09:00:00Z", "2024-04-19T09:00", "2024-04-19", "2024-04-19T09:0", "2024-04-19T9:00:00Z",
  "2024-04-19 09:00:00,5", "2024-04-19T09:00:00+02:00", "2024-04-19T09:00:00.Z", "2024-04-19T09:00:00Zjunk", "1713517200.123",
  "1713517200123", "x", "", "2024-04-19T09:00:00.123456789Z", "2024-13-01T00:00:00Z",
];
// What follows the value: bytes a reading that ran past the closing quote would take for a time's.
const AFTERS = [`}`, `,"x":"T09:00:00Z"}`, `,"a":":30.5Z"}`, `,"b":1}`, `   }`, `,"c":"+02:00"}`];

describe("JsonTimeFinder", () => {
  it("reads a string value's time from its own text, whatever follows its closing quote", () => {
    for (const value of VALUES) {
      for (const after of AFTERS) {
        const line = `{"timestamp":"${value}"${after}`;
        expect({ line, t: find(line) }).toEqual({ line, t: reference(value) });
      }
    }
  });

  it("prefers @timestamp, then timestamp, time and ts, skipping a key whose value is no time", () => {
    expect(find(`{"ts":1713517200,"time":"2024-04-19T09:00:00Z"}`)).toBe(Date.parse("2024-04-19T09:00:00Z"));
    expect(find(`{"timestamp":"soon","ts":1713517200}`)).toBe(1713517200000);
    expect(find(`{"a":{"timestamp":"2024-04-19T09:00:00Z"}}`)).toBeNaN();
  });
});
