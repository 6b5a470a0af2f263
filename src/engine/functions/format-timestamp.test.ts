import { describe, expect, it } from "vitest";
import { formatTimestamp } from "./coerce.js";
import { seededRandom } from "../../prng.js";

/** The plain rule: Date's ISO text, its `T` and `Z` taken out (a year past 9999 or before 0 has six digits and a sign). */
function plain(ms: number): string {
  const iso = new Date(ms).toISOString();
  const t = iso.indexOf("T");
  return `${iso.slice(0, t)} ${iso.slice(t + 1, -1)}`;
}

describe("formatTimestamp", () => {
  it("writes a year past 9999 or before year 0 whole, date and time apart", () => {
    expect(formatTimestamp(253402300800000)).toBe("+010000-01-01 00:00:00.000");
    expect(formatTimestamp(-8.64e15)).toBe("-271821-04-20 00:00:00.000");
    expect(formatTimestamp(-62135596800001)).toBe("0000-12-31 23:59:59.999");
  });


  it("gives the plain rule's text for times in order, repeated, fractional, before 1970 and past 9999", () => {
    const random = seededRandom(20261206);
    const times: number[] = [];
    // A log's times: rising by a few ms, many in the same second, some repeated.
    let t = Date.UTC(2026, 11, 6, 3, 59, 59, 990);
    for (let i = 0; i < 5000; i++) times.push((t += Math.floor(random() * 7)));
    for (let i = 0; i < 2000; i++) times.push(Math.floor(random() * 4e12) - 1e12);
    for (let i = 0; i < 500; i++) times.push(random() * 4e12 - 1e12, -random() * 1000, 253402300800000 + Math.floor(random() * 1e10));
    times.push(0, -1, -0.5, 0.5, 999.9, 1000, 253402300799999, 253402300800000, 8.64e15, -8.64e15);
    for (const ms of times) expect(formatTimestamp(ms), String(ms)).toBe(plain(ms));
  });
});
