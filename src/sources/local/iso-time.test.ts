import { describe, expect, it } from "vitest";
import { daysFromCivil, epochToMillis, parseEpochBytes, parseIsoBytes } from "./iso-time.js";

const iso = (text: string) => parseIsoBytes(Buffer.from(text), 0, text.length);
const epoch = (text: string) => parseEpochBytes(Buffer.from(text), 0, text.length);

describe("parseIsoBytes", () => {
  it.each([
    "2024-04-19T09:00:00.123Z",
    "2024-04-19T09:00:00Z",
    "2024-02-29T23:59:59.999Z",
    "1969-12-31T23:59:59.000Z",
    "2400-03-01T00:00:00.000Z",
    "2024-04-19T11:30:00.123+02:30",
    "2024-04-19T01:00:00.5-08:00",
  ])("agrees with Date.parse on %s", (text) => {
    expect(iso(text)).toBe(Date.parse(text));
  });

  it("agrees with Date.parse over a run of lines that share and then change their minute", () => {
    let t = Date.parse("2024-12-31T23:58:58.000Z");
    const zones = ["Z", "+01:00", "-08:00", "Z"];
    for (let n = 0; n < 400; n++) {
      t += (n * 7919) % 1500;
      const text = new Date(t).toISOString().replace("Z", zones[n % zones.length]);
      expect({ text, ms: iso(text) }).toEqual({ text, ms: Date.parse(text) });
      // A line with the same minute but an invalid rest, and a bad prefix, between good ones.
      expect(iso(`${text.slice(0, 16)}:xx`)).toBeNaN();
      expect(iso(`${text.slice(0, 4)}x${text.slice(5)}`)).toBeNaN();
    }
  });

  it("takes a time without a zone as UTC, with a space or a comma", () => {
    expect(iso("2024-04-19 09:00:00,123")).toBe(Date.parse("2024-04-19T09:00:00.123Z"));
    expect(iso("2024-04-19T09:00")).toBe(Date.parse("2024-04-19T09:00:00Z"));
    expect(iso("2024-04-19T09:00:00.123456789Z")).toBe(Date.parse("2024-04-19T09:00:00.123Z"));
    expect(iso("2024-04-19T09:00:00+0200")).toBe(Date.parse("2024-04-19T07:00:00Z"));
  });

  it.each(["2024-13-01T00:00:00Z", "2024-04-19", "2024/04/19 09:00:00", "x024-04-19T09:00:00Z", "2024-04-19T09:60:00Z", "2024-04-19T09:00:00.Z"])(
    "rejects %s",
    (text) => {
      expect(iso(text)).toBeNaN();
    },
  );
});

describe("epoch numbers", () => {
  it("tells seconds, milliseconds, microseconds and nanoseconds apart by magnitude", () => {
    expect(epoch("1713517200.123")).toBe(1713517200123);
    expect(epoch("1713517200123")).toBe(1713517200123);
    expect(epoch("1713517200123456")).toBe(1713517200123);
    expect(epoch("1713517200123456789")).toBe(1713517200123);
    expect(epochToMillis(0)).toBe(0);
  });

  it("rejects what is not a plain decimal number", () => {
    expect(epoch("abc")).toBeNaN();
    expect(epoch("1.7e9")).toBeNaN();
  });

  it("counts days like the proleptic Gregorian calendar", () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2000, 3, 1)).toBe(Date.UTC(2000, 2, 1) / 86_400_000);
    expect(daysFromCivil(1600, 2, 29)).toBe(Date.UTC(1600, 1, 29) / 86_400_000);
  });
});
