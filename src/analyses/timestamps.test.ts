import { describe, expect, it } from "vitest";
import { parseLooseTime } from "./timestamps.js";

/** parseLooseTime as written before ISO times were read by hand: Date.parse for every text. */
function plainLooseTime(value: unknown): number | undefined {
  if (typeof value === "number" && Number.isFinite(value)) return value < 1e11 ? value * 1000 : value;
  if (typeof value !== "string" || value.trim() === "") return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return plainLooseTime(Number(value));
  const parsed = Date.parse(value);
  return Number.isNaN(parsed) ? undefined : parsed;
}

function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe("parseLooseTime", () => {
  it("reads ISO times as Date.parse does, whatever the day of the line before", () => {
    const next = random(3);
    const pad = (n: number, width: number) => String(n).padStart(width, "0");
    const pick = <T>(...xs: T[]): T => xs[Math.floor(next() * xs.length)];
    for (let i = 0; i < 50_000; i++) {
      const ms = Date.UTC(1970 + Math.floor(next() * 300), 0, 1) + Math.floor(next() * 366 * 86_400_000);
      let text = new Date(ms).toISOString();
      // Valid and broken variants: days and times out of range, other characters, other lengths.
      if (next() < 0.3) {
        const [y, mo, d, h, mi, s, f] = [pick(1, 1999, 2026, 9999), pick(0, 1, 2, 12, 13), pick(0, 1, 28, 29, 30, 31, 32), pick(0, 23, 24, 25), pick(0, 59, 60), pick(0, 59, 60, 61), pick(0, 999)];
        text = `${pad(y, 4)}-${pad(mo, 2)}-${pad(d, 2)}T${pad(h, 2)}:${pad(mi, 2)}:${pad(s, 2)}.${pad(f, 3)}Z`;
      }
      if (next() < 0.1) {
        const at = Math.floor(next() * text.length);
        text = text.slice(0, at) + pick("x", " ", "-", ":", ".", "1", "/", "") + text.slice(at + 1);
      }
      if (next() < 0.05) text = pick(` ${text}`, `${text} `, text.replace("Z", "+01:00"), text.replace("T", " "), text.slice(0, 23), `${text.slice(0, 19)}Z`);
      expect({ text, ms: parseLooseTime(text) }).toEqual({ text, ms: plainLooseTime(text) });
    }
  });
});
