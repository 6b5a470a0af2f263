import { describe, expect, it } from "vitest";
import { numberValue, parseJsonExact, parseJsonReviving, quoteInexactNumbers } from "./exact-number.js";

describe("numberValue", () => {
  it("is the double, except for an integer beyond the safe ones, which keeps its digits", () => {
    expect(numberValue("9007199254740991")).toBe(9007199254740991);
    expect(numberValue("9007199254740992")).toBe("9007199254740992");
    expect(numberValue("9007199254740993")).toBe("9007199254740993");
    expect(numberValue("-1234567890123456787")).toBe("-1234567890123456787");
    expect(numberValue("1234567890123456800")).toBe("1234567890123456800");
    expect(numberValue("0.30000000000000004")).toBe(0.30000000000000004);
    expect(numberValue("0.10000000000000001")).toBe(0.1);
    expect(numberValue("1.2345678901234567e+30")).toBe(1.2345678901234567e30);
    expect(numberValue("1e-400")).toBe(0);
    expect(numberValue("1e999")).toBe(Infinity);
    expect(Object.is(numberValue("-0"), -0)).toBe(true);
  });
});

describe("parseJsonExact", () => {
  it("keeps the digits of integers beyond the safe ones, wherever they are", () => {
    expect(parseJsonExact('{"a":1234567890123456787,"b":[1,-9007199254740993,{"c":12345678901234567890}],"d":0.5,"e":1e300}')).toEqual({
      a: "1234567890123456787",
      b: [1, "-9007199254740993", { c: "12345678901234567890" }],
      d: 0.5,
      e: 1e300,
    });
  });

  it("leaves strings alone, escaped quotes included", () => {
    const text = '{"s":"x\\" 1234567890123456787 \\\\","n":1234567890123456787}';
    expect(parseJsonExact(text)).toEqual({ s: 'x" 1234567890123456787 \\', n: "1234567890123456787" });
  });

  it("throws on invalid JSON as JSON.parse does; quoting never makes it valid", () => {
    for (const bad of ['{"a":01234567890123456787}', '{"a":1234567890123456787.}', '{"a":-}', "[1234567890123456787"]) {
      expect(() => parseJsonExact(bad)).toThrow(SyntaxError);
    }
    expect(quoteInexactNumbers('{"a":01234567890123456787}')).toBe('{"a":01234567890123456787}');
  });

  it("gives JSON.parse's answer where no integer needs its digits", () => {
    for (const text of ['{"t":1733436000123456}', '{"ip":"192.168.100.1001","x":[1.25,2e-5,1e20]}', "[0.30000000000000004]"]) {
      expect(parseJsonExact(text)).toEqual(JSON.parse(text));
    }
  });
});

describe("parseJsonReviving", () => {
  it("hands the caller each integer a double cannot hold, and leaves strings holding digits as strings", () => {
    const revive = (written: string) => ({ exact: written });
    expect(parseJsonReviving('{"a":1234567890123456787,"s":"1234567890123456787","n":2}', revive)).toEqual({
      a: { exact: "1234567890123456787" },
      s: "1234567890123456787",
      n: 2,
    });
  });
});
