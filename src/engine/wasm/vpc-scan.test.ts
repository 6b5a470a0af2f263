import { describe, expect, test } from "vitest";
import { vpcLineMaker } from "../test/vpc-lines.js";
import { DEFAULT_VPC_LAYOUT } from "../vended/vpc-flow.js";
import { usualRecordWords, VpcByteReader } from "../vended/vpc-bytes.js";
import { VpcScanner } from "./vpc-scan.js";

/** Bytes that sit at the edges of the check: digits, dots, blanks, letters of its words, `-`, beyond ASCII, control. */
const EDGE_BYTES = [0x30, 0x31, 0x32, 0x35, 0x39, 0x2e, 0x20, 0x09, 0x0d, 0x2d, 0x41, 0x43, 0x45, 0x4f, 0x4b, 0x65, 0x6e, 0x69, 0x7f, 0x80, 0xff, 0x00, 0x21, 0x2f, 0x3a];

describe("the usual VPC record checked in WebAssembly", () => {
  test("reads exactly what the JavaScript check reads, line by line, including damaged bytes", () => {
    expect(VpcScanner.create()).toBeDefined();
    const { random, line } = vpcLineMaker(33);
    const names = DEFAULT_VPC_LAYOUT.names;
    const inWasm = new VpcByteReader(names);
    const inJs = new VpcByteReader(names, false);
    const scanner = VpcScanner.create()!;
    let usual = 0;
    for (let n = 0; n < 40_000; n++) {
      const bytes = Buffer.from(line(), "utf8");
      // Now and then one byte changed, cut off or doubled, at any place.
      const damage = random();
      const at = Math.floor(random() * bytes.length);
      let damaged: Buffer = bytes;
      if (damage < 0.3) damaged[at] = EDGE_BYTES[Math.floor(random() * EDGE_BYTES.length)];
      else if (damage < 0.4) damaged = bytes.subarray(0, at);
      else if (damage < 0.45) damaged = Buffer.concat([bytes.subarray(0, at + 1), bytes.subarray(at)]);
      // In a buffer as a read leaves it: other lines before and after, sometimes ending right after the line.
      const after = random() < 0.2 ? Buffer.alloc(0) : Buffer.from(random() < 0.5 ? "\n2 123456789012 eni-0" : "\r\nOKAY");
      const buf = Buffer.concat([Buffer.from("2 x\n"), damaged, after]);
      const label = JSON.stringify(damaged.toString("latin1"));
      // The check itself: the same answer, bounds and addresses.
      if (damaged[0] === 0x32 && damaged[1] === 0x20) {
        const words = usualRecordWords(buf, 4, 4 + damaged.length);
        expect(scanner.check(buf, 4, 4 + damaged.length), label).toBe(words !== undefined);
        if (words !== undefined) {
          expect([...scanner.bounds, ...scanner.addresses], label).toEqual(words);
          usual++;
        }
      }
      const fromJs = inJs.read(buf, 4, 4 + damaged.length);
      const fromWasm = inWasm.read(buf, 4, 4 + damaged.length);
      expect(fromWasm === undefined, label).toBe(fromJs === undefined);
      if (fromJs === undefined) continue;
      expect({ ...fromWasm }, label).toEqual({ ...fromJs });
    }
    expect(usual).toBeGreaterThan(3_000);
  });

  test("words at their limits", () => {
    const reader = new VpcByteReader(["accountId", "interfaceId", "srcAddr", "dstAddr", "bytes", "action", "logStatus"]);
    const scanner = VpcScanner.create()!;
    const at = (text: string) => {
      const b = Buffer.from(text, "latin1");
      // The WebAssembly check answers as the JavaScript one, on its own.
      const words = usualRecordWords(b, 0, b.length);
      expect(scanner.check(b, 0, b.length), text).toBe(words !== undefined);
      if (words !== undefined) expect([...scanner.bounds, ...scanner.addresses], text).toEqual(words);
      return reader.read(b, 0, b.length);
    };
    const record = (account: string, eni: string, src: string, dst: string, end = "ACCEPT OK") => `2 ${account} ${eni} ${src} ${dst} 1 2 6 20 4249 1 2 ${end}`;
    expect({ ...at(record("123456789012", "eni-~\u007f", "255.255.255.255", "0.0.0.0")) }).toEqual({
      accountId: "123456789012", interfaceId: "eni-~\u007f", srcAddr: "255.255.255.255", dstAddr: "0.0.0.0", bytes: 4249, action: "ACCEPT", logStatus: "OK",
    });
    expect(at(record("123456789012", "eni-1", "10.0.0.1", "10.0.0.2", "REJECT SKIPDATA"))?.logStatus).toBe("SKIPDATA");
    expect(at(record("123456789012", "eni-1", "10.0.0.1", "10.0.0.2", "REJECT NODATA"))?.action).toBe("REJECT");
    // Words of 16 bytes and more, read 16 at a time.
    for (const eni of ["eni-05a1b2c3d00000000", "eni-0123456789ab", "eni-0123456789abc", `eni-${"f".repeat(60)}`]) expect(at(record("123456789012", eni, "10.0.0.1", "10.0.0.2"))?.interfaceId).toBe(eni);
    const long = `2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 ${"9".repeat(40)} 1234567890123456 1 2 ACCEPT OK`;
    expect(at(long)?.bytes).toBe(1234567890123456);
    // Not the usual record, and not the default format either.
    for (const bad of [
      record("12345678901", "eni-1", "10.0.0.1", "10.0.0.2"),
      record("123456789012", "eni-1", "10.0.0.256", "10.0.0.2"),
      record("123456789012", "eni-1", "10.0.0.1", "10.00.0.2"),
      record("123456789012", "eni-1", "1.2.3.1.1", "10.0.0.2"),
      record("123456789012", "eni-1", "10.0.0.1", "1.2.3"),
      record("123456789012", "eni-1", "10.0.0.1", "1..2.3"),
      record("123456789012", "eni-1", "10.0.0.1", "255.255.255.2555"),
      record("123456789012", "eni-1", "10.0.0.1", "10.0.0.2", "ACCEPTS OK"),
      record("123456789012", "eni-1", "10.0.0.1", "10.0.0.2", "ACCEPT OKAY"),
      record("123456789012", "eni-1", "10.0.0.1", "10.0.0.2", "ACCEPT SKIPDATE"),
      record("123456789012", `eni-${"f".repeat(30)}\u0080`, "10.0.0.1", "10.0.0.2"),
      `2 123456789012 eni-1 10.0.0.1 10.0.0.2 1 2 6 ${"9".repeat(20)}x 1 1 2 ACCEPT OK`,
      "2 123456789012 eni-0123456789abcdefghij",
      "2 123456789012",
    ]) expect(at(bad), bad).toBeUndefined();
  });
});
