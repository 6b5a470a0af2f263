import { describe, expect, it } from "vitest";
import { SENTINEL, SpecialIndex } from "./specials.js";
import { seededRandom } from "../prng.js";

/** What the index must find: every `"`, `\` and control byte, by a plain loop. */
function specialsByLoop(buf: Uint8Array, from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i < to; i++) if (buf[i] === 0x22 || buf[i] === 0x5c || buf[i] < 0x20) out.push(i - from);
  return out;
}

describe("SpecialIndex", () => {
  const index = SpecialIndex.create();

  it("assembles and runs on this Node (WebAssembly SIMD)", () => {
    expect(index).toBeDefined();
  });

  it("finds every special byte of any range, dense or sparse, whatever its length", () => {
    const random = seededRandom(3);
    const alphabet = [0x22, 0x5c, 0x0a, 0x00, 0x1f, 0x20, 0x61, 0x7f, 0x80, 0xff];
    for (let n = 0; n < 1500; n++) {
      const density = random();
      const buf = Buffer.alloc(Math.floor(random() * 300) + 8);
      for (let i = 0; i < buf.length; i++) buf[i] = random() < density ? alphabet[Math.floor(random() * 3)] : alphabet[3 + Math.floor(random() * 7)];
      const from = Math.floor(random() * 8);
      const end = from + Math.floor(random() * (buf.length - from));
      index!.index(buf, from, end);
      expect(index!.from).toBe(from);
      expect(index!.to).toBeGreaterThanOrEqual(end);
      expect(index!.covers(buf, from, end)).toBe(true);
      expect([...index!.positions.subarray(0, index!.count)]).toEqual(specialsByLoop(buf, from, index!.to));
      expect(index!.positions[index!.count]).toBe(SENTINEL);
    }
  });

  it("indexes a range larger than its memory by growing it", () => {
    const buf = Buffer.alloc(3 * 1024 * 1024, 0x61);
    for (let i = 0; i < buf.length; i += 4099) buf[i] = 0x22;
    index!.index(buf, 0, buf.length);
    expect([...index!.positions.subarray(0, index!.count)]).toEqual(specialsByLoop(buf, 0, buf.length));
    expect(index!.covers(Buffer.from(buf), 0, 1)).toBe(false);
  });
});
