import { createHash } from "node:crypto";
import { expect, test } from "vitest";
import { Prng } from "../prng.js";
import { sha1 } from "./sha1.js";

function reference(text: string): string {
  return createHash("sha1").update(text, "utf8").digest("hex");
}

function hex(bytes: Uint8Array): string {
  return Buffer.from(bytes).toString("hex");
}

test("sha1 gives node:crypto's digest of known texts", () => {
  expect(hex(sha1(""))).toBe("da39a3ee5e6b4b0d3255bfef95601890afd80709");
  expect(hex(sha1("abc"))).toBe("a9993e364706816aba3e25717850c26c9cd0d89d");
  for (const text of ["ip-10-0-1-17.jsonl", "stdin", "-", "a/b/c.log.gz", "é日本語\u{1F600}", "\uD800 lone"]) {
    expect(hex(sha1(text))).toBe(reference(text));
  }
});

test("sha1 gives node:crypto's digest at every length around the block edges and of random texts", () => {
  // Lengths 0-200 cross the 55/56/64-byte edges where the padding takes a block of its own.
  for (let n = 0; n <= 200; n++) expect(hex(sha1("x".repeat(n)))).toBe(reference("x".repeat(n)));
  const prng = new Prng(16);
  const alphabet = ["a", "Z", "/", ".", "-", " ", "\0", "é", "ß", "日", "\u{1F600}", "\uD800", "\uDC00", "\n"];
  for (let i = 0; i < 2000; i++) {
    let text = "";
    const length = prng.int(300);
    for (let j = 0; j < length; j++) text += prng.pick(alphabet);
    expect(hex(sha1(text))).toBe(reference(text));
  }
});

test("fileId is the first 66 bits of node:crypto's SHA-1, for the paths hashed in JavaScript and those after", async () => {
  const { fileId, FILE_ID_LENGTH } = await import("../sources/local/local-file.js");
  const prng = new Prng(5);
  for (let i = 0; i < 50; i++) {
    const path = `logs/${"ab/é日".slice(0, 1 + prng.int(5))}${prng.int(1e6)}.jsonl`;
    expect(fileId(path), path).toBe(createHash("sha1").update(path).digest("base64url").slice(0, FILE_ID_LENGTH));
  }
});
