import { describe, expect, test } from "vitest";
import { discoverFields } from "../discover.js";
import { vpcLineMaker } from "../test/vpc-lines.js";
import { FormatTallies } from "./tally.js";
import { DEFAULT_VPC_LAYOUT, defaultVpcReader } from "./vpc-flow.js";
import { VpcByteReader } from "./vpc-bytes.js";
import { AddressInterner, ByteWordInterner } from "./byte-interners.js";

/** The line's text as a local file's reader makes it: latin1 when all ASCII, else UTF-8. */
function textOf(bytes: Buffer): string {
  return bytes.every((b) => b < 128) ? bytes.toString("latin1") : bytes.toString("utf8");
}

/** What discovery of the line's text gives: its fields, and whether it was read as the default format. */
function discovered(text: string, wanted: readonly string[] | undefined) {
  const tallies = new FormatTallies();
  const fields = discoverFields(text, { tally: tallies.forStream("g", "s"), readVpc: defaultVpcReader(wanted) });
  return { fields, recognised: tallies.counts()[0]?.recognised.vpc === 1 };
}

const NAMES = DEFAULT_VPC_LAYOUT.names;
const WANTED: Array<readonly string[] | undefined> = [undefined, ["srcAddr", "dstAddr", "bytes"], ["action"], ["dstPort", "bytes", "srcAddr"], ["interfaceId", "accountId", "logStatus", "startTime"], ["bytes", "nothing"], NAMES];

describe("VPC records read from bytes", () => {
  test("give exactly the fields discovery gives the line's text, or leave the line to it", () => {
    const { random, line } = vpcLineMaker(21);
    const readers = WANTED.map((w) => new VpcByteReader(w));
    let read = 0;
    for (let n = 0; n < 20_000; n++) {
      const text = line();
      // Bytes beyond ASCII now and then, valid UTF-8 or not, in the interface id.
      const bytes = random() < 0.01 ? Buffer.from(text.replace(/eni-0/, "eni-0\u00ff"), "latin1") : Buffer.from(text, "utf8");
      // The line sits in a larger buffer, as in a read: bytes before and after it.
      const buf = Buffer.concat([Buffer.from("2 x\n"), bytes, Buffer.from("\n2 123")]);
      const w = Math.floor(random() * WANTED.length);
      const fromBytes = readers[w].read(buf, 4, 4 + bytes.length);
      const { fields, recognised } = discovered(textOf(bytes), WANTED[w]);
      const label = JSON.stringify(textOf(bytes));
      if (fromBytes === undefined) {
        // Left to discovery: only lines it does not read as the default format, or ones beyond ASCII.
        expect(recognised && bytes.every((b) => b < 128), label).toBe(false);
        continue;
      }
      read++;
      expect(recognised, label).toBe(true);
      expect(Object.keys(fromBytes), label).toEqual(Object.keys(fields));
      expect({ ...fromBytes }, label).toEqual({ ...fields });
    }
    // Most lines are good records.
    expect(read).toBeGreaterThan(10_000);
  });

  test("a record with CR and tab separators, a NODATA record, a count beyond a double", () => {
    const reader = new VpcByteReader(["srcAddr", "bytes", "action", "logStatus"]);
    const at = (text: string) => {
      const b = Buffer.from(text);
      return reader.read(b, 0, b.length);
    };
    expect({ ...at("2 123456789010 eni-1\t10.0.0.1\r10.0.0.2 1 2 6 20 4249 1 2 ACCEPT OK \t") }).toEqual({ srcAddr: "10.0.0.1", bytes: 4249, action: "ACCEPT", logStatus: "OK" });
    expect({ ...at("2 123456789010 eni-1 - - - - - - - 1431280876 1431280934 - NODATA") }).toEqual({ srcAddr: null, bytes: null, action: null, logStatus: "NODATA" });
    expect(at("2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 20 1234567890123456787 1 2 ACCEPT OK")?.bytes).toBe("1234567890123456787");
    expect(at("2\t123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 20 4249 1 2 ACCEPT OK")).toBeUndefined();
    expect(at("2 123456789010 eni-1 10.0.0.1 10.0.0.2 1 2 6 20 4249 1 2 ACCEPT")).toBeUndefined();
  });
});

describe("ByteWordInterner", () => {
  test("gives the text of the range, the same string for the same bytes", () => {
    const { random } = vpcLineMaker(5);
    const interner = new ByteWordInterner();
    const pool = Array.from({ length: 50 }, (_, i) => `10.0.${i}.${i * 7}`);
    for (let n = 0; n < 50_000; n++) {
      const word = random() < 0.6 ? pool[Math.floor(random() * pool.length)] : `${Math.floor(random() * 1e6)}`;
      const cut = random() < 0.1 ? Math.floor(random() * word.length) : word.length;
      const b = Buffer.from(`2 ${word} x`);
      expect(interner.of(b, 2, 2 + cut)).toBe(word.slice(0, cut));
    }
    const b = Buffer.from("10.0.0.1 10.0.0.1");
    expect(interner.of(b, 0, 8)).toBe(interner.of(b, 9, 17));
  });
});

describe("AddressInterner", () => {
  test("gives the address's text by its number, the same string for the same address, whatever shares its slot", () => {
    const { random } = vpcLineMaker(9);
    const interner = new AddressInterner();
    // More addresses than slots: most slots are shared and their address replaced again and again.
    const pool = Array.from({ length: 20_000 }, () => Array.from({ length: 4 }, () => Math.floor(random() * 256)));
    const seen = new Map<string, string>();
    for (let n = 0; n < 200_000; n++) {
      const parts = pool[Math.floor(random() * (random() < 0.5 ? 40 : pool.length))];
      const text = parts.join(".");
      const b = Buffer.from(`2 ${text} x`);
      const got = interner.of(((parts[0] << 24) | (parts[1] << 16) | (parts[2] << 8) | parts[3]) | 0, b, 2, 2 + text.length);
      expect(got).toBe(text);
      seen.set(text, got);
    }
    // A hot address keeps its slot: the same string object as before.
    const b = Buffer.from("10.0.0.1 10.0.0.1");
    const address = (10 << 24) | 1;
    expect(interner.of(address, b, 0, 8)).toBe(interner.of(address, b, 9, 17));
    expect(seen.size).toBeGreaterThan(5_000);
  });

  test("makes each address's string once when a log's addresses fit its slots, though some share a slot", () => {
    const { random } = vpcLineMaker(11);
    const interner = new AddressInterner();
    // As many addresses as a flow log of a small VPC has (577 in the bench's): by chance, dozens
    // of them share a slot with another.
    const pool = [...new Set(Array.from({ length: 600 }, () => `10.${Math.floor(random() * 256)}.${Math.floor(random() * 256)}.${1 + Math.floor(random() * 254)}`))];
    for (let n = 0; n < 50_000; n++) {
      const text = pool[Math.floor(random() * pool.length)];
      const [a, b, c, d] = text.split(".").map(Number);
      expect(interner.of(((a << 24) | (b << 16) | (c << 8) | d) | 0, Buffer.from(text), 0, text.length)).toBe(text);
    }
    expect(interner.made).toBe(pool.length);
  });
});
