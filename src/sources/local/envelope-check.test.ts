import { expect, it } from "vitest";
import { seededRandom } from "../../prng.js";
import { mayBeEnvelope } from "./line-time.js";

// mayBeEnvelope answers the usual service line (`{"timestamp":"...`) from five bytes; it must
// answer every line as the general look does: its first key is an envelope key (an envelope's
// `timestamp` a number), and it holds a key only envelopes have.
const FIRST_KEYS = ["timestamp", "ingestionTime", "logGroupName", "logStreamName", "message", "eventId"];
const ONLY_KEYS = ["ingestionTime", "eventId", "logStreamName", "logGroupName"];

function reference(line: string): boolean {
  const match = /^\{[ \t]*"([^"]*)"/.exec(line);
  if (!match || !FIRST_KEYS.includes(match[1])) return false;
  if (match[1] === "timestamp" && !/^[ \t:]*[0-9]/.test(line.slice(match[0].length))) return false;
  return ONLY_KEYS.some((key) => line.includes(`"${key}"`));
}

it("answers every line as the general look does, the usual service line among them", () => {
  const random = seededRandom(3);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)];
  const keys = [...FIRST_KEYS, "tenant_id", "trace_id1", "t", "ts", "level", "lo", "log", "msg", "me", "time", "in", "ev", "e", "timestamps", "timestamP", "\u0000"];
  const values = ['"2026-11-21T08:00:00Z"', "1763712000000", '""', "1", '"x"', "null"];
  let envelopes = 0;
  for (let i = 0; i < 20_000; i++) {
    const members = Array.from({ length: Math.floor(random() * 4) }, () => `${pick(["", " "])}"${pick(keys)}"${pick([":", ": "])}${pick(values)}`);
    const full = `{${members.join(",")}}`;
    // Cut short now and then, as the line's bytes may end anywhere before the next line's.
    const line = random() < 0.2 ? full.slice(0, Math.floor(random() * 16)) : full;
    // The next line's bytes follow in the buffer: the check must not read them as its own.
    const buf = Buffer.from(`${line}\n{"timestamp":"x","eventId":1}`, "latin1");
    const expected = reference(line);
    if (expected) envelopes++;
    if (mayBeEnvelope(buf, 0, line.length) !== expected) expect({ line, answer: !expected }).toEqual({ line, answer: expected });
  }
  expect(envelopes).toBeGreaterThan(100);
});
