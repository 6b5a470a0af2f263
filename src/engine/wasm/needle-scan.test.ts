import { describe, expect, it } from "vitest";
import { Hit, NeedleScanner } from "./needle-scan.js";
import { seededRandom } from "../../prng.js";

const NL = 0x0a;
const CR = 0x0d;

/** What `find` must give, worked out one byte at a time. */
function reference(buf: Buffer, from: number, to: number, needle: Buffer) {
  let newlines = 0;
  let crlfs = 0;
  let emptyLines = 0;
  let blankBytes = 0;
  let letterLines = 0;
  for (let p = from; p < to; p++) {
    const c = buf[p];
    if (c === 0x5c && (buf[p + 1] === 0x2f || buf.toString("latin1", p + 1, p + 4) === "u00")) return { at: p, hitKind: Hit.escape, newlines, crlfs, emptyLines, blankBytes, letterLines };
    if (buf.subarray(p, p + needle.length).equals(needle)) return { at: p, hitKind: Hit.needle, newlines, crlfs, emptyLines, blankBytes, letterLines };
    if (c === NL) newlines++;
    if (c === CR && buf[p + 1] === NL) crlfs++;
    if (p > from && buf[p - 1] === NL) {
      // A blank line: nothing but spaces and tabs before its newline (or a CR LF).
      let q = p;
      while (buf[q] === 0x20 || buf[q] === 0x09) q++;
      if (buf[q] === NL || (buf[q] === CR && buf[q + 1] === NL)) {
        emptyLines++;
        blankBytes += q - p;
      } else if (buf[q] >= 0x61 && buf[q] <= 0x7a) letterLines++;
    }
  }
  return { at: -1, hitKind: 0, newlines, crlfs, emptyLines, blankBytes, letterLines };
}

function found(scanner: NeedleScanner, from: number, to: number) {
  const at = scanner.find(from, to);
  const { hitKind, newlines, crlfs, emptyLines, blankBytes, letterLines } = scanner;
  return { at, hitKind, newlines, crlfs, emptyLines, blankBytes, letterLines };
}

describe("NeedleScanner", () => {
  it("assembles and runs on this Node (WebAssembly SIMD)", () => {
    const scanner = NeedleScanner.acquire(Buffer.from("x"));
    expect(scanner).toBeDefined();
    scanner!.release();
  });

  it("finds what a byte-by-byte search finds, with the same counts, in random text", () => {
    const needles = ["2d7576b3-1290-4f55-9a38-98c67ebc0e11", "a", "ab", "abcabd", "/api/v1", "x".repeat(17), "a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-a-ab"];
    // Pieces that make partial matches, escapes (whole and cut), CRs, empty lines and hex text.
    const pieces = ["\n", "\r\n", "\n\n", "\r", "\\", "\\/", "\\u00", "\\u0", "\\u", "\\\\/", "0", "u", "/", "2d7576b3", "-1290-", "e11", "ab", "abc", "x", "{", "f00d", " ", "\t", " \t", "\n  \n", "\n\t\r\n", "version srcaddr", "\n \tz", "`{|"];
    const next = seededRandom(1);
    for (const text of needles) {
      const needle = Buffer.from(text, "latin1");
      const scanner = NeedleScanner.acquire(needle)!;
      for (let round = 0; round < 300; round++) {
        const parts: string[] = [];
        const size = Math.floor(next() * 400);
        for (let n = 0; n < size; ) {
          const piece = next() < 0.03 ? text.slice(0, Math.floor(next() * (text.length + 1))) : pieces[Math.floor(next() * pieces.length)];
          parts.push(piece);
          n += piece.length;
        }
        // As the line batcher searches: up to a newline, so no match runs past the end.
        const haystack = Buffer.from(parts.join("") + "\n", "latin1");
        const buf = scanner.buffer(haystack.length);
        haystack.copy(buf);
        const from = Math.floor(next() * Math.min(haystack.length, 80));
        const expected = reference(buf, from, buf.length, needle);
        expect({ text: haystack.toString("latin1"), from, ...found(scanner, from, buf.length) }).toEqual({ text: haystack.toString("latin1"), from, ...expected });
      }
      scanner.release();
    }
  });

  it("finds a needle wherever it falls against the 16- and 64-byte blocks, and after a long run", () => {
    const needle = Buffer.from("2d7576b3-1290-4f55-9a38-98c67ebc0e11");
    const scanner = NeedleScanner.acquire(needle)!;
    const filler = "9a38-98c67ebc0e11 2d7576b3-1290-4f55 {\"r\":\"2d7576b3-1290-4f55-9a38-98c67ebc0e1\"}\n";
    for (const before of [0, 1, 15, 16, 17, 47, 63, 64, 65, 127, 128, 129, 5000, 70_000]) {
      for (let from = 0; from < 3; from++) {
        const head = filler.repeat(Math.ceil(before / filler.length) + 1).slice(0, before);
        const haystack = Buffer.from(`${head}${needle}\n${filler}`, "latin1");
        const buf = scanner.buffer(haystack.length);
        haystack.copy(buf);
        const start = Math.min(from, before);
        expect(found(scanner, start, buf.length)).toEqual(reference(buf, start, buf.length, needle));
        expect(scanner.find(start, buf.length)).toBe(before);
      }
    }
    scanner.release();
  });

  it("counts newlines exactly across many rounds (per-lane counts summed before they overflow)", () => {
    const scanner = NeedleScanner.acquire(Buffer.from("needle"))!;
    // A newline in every other byte, and none twice in a row (which the byte-by-byte look would count).
    const haystack = Buffer.from("a\n".repeat(100_000) + "\n".repeat(3000) + "a\r\n\r\n".repeat(3000), "latin1");
    const buf = scanner.buffer(haystack.length);
    haystack.copy(buf);
    expect(found(scanner, 0, buf.length)).toEqual(reference(buf, 0, buf.length, Buffer.from("needle")));
    expect(scanner.newlines).toBe(109_000);
    scanner.release();
  });

  it("keeps a buffer's bytes when it grows, and gives no scanner for a needle it cannot take", () => {
    const scanner = NeedleScanner.acquire(Buffer.from("abc"))!;
    const small = scanner.buffer(10);
    small.write("0123456789");
    const large = scanner.buffer(5 * 1024 * 1024);
    expect(large.toString("latin1", 0, 10)).toBe("0123456789");
    expect(scanner.holds(large.subarray(0, 4))).toBe(true);
    expect(scanner.holds(Buffer.from(large))).toBe(false);
    scanner.release();
    expect(NeedleScanner.acquire(Buffer.alloc(0))).toBeUndefined();
    expect(NeedleScanner.acquire(Buffer.alloc(2000, 0x61))).toBeUndefined();
  });
});
