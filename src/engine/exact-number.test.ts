import { describe, expect, it } from "vitest";
import { numberValue, parseJsonExact, parseJsonReviving, quoteInexactNumbers } from "./exact-number.js";

describe("numberValue", () => {
  it("is the double when it prints back as the number written, else the text", () => {
    expect(numberValue("9007199254740992")).toBe(9007199254740992);
    expect(numberValue("9007199254740993")).toBe("9007199254740993");
    expect(numberValue("-1234567890123456787")).toBe("-1234567890123456787");
    expect(numberValue("1234567890123456800")).toBe(1234567890123456800);
    expect(numberValue("0.30000000000000004")).toBe(0.30000000000000004);
    expect(numberValue("0.10000000000000001")).toBe("0.10000000000000001");
    expect(numberValue("1.50000000000000000")).toBe(1.5);
    expect(numberValue("1e-400")).toBe(0);
    expect(numberValue("1.2345678901234567e-310")).toBe(1.2345678901234567e-310);
    expect(numberValue("5e-324")).toBe(5e-324);
    expect(numberValue("1e999")).toBe(Infinity);
    expect(Object.is(numberValue("-0"), -0)).toBe(true);
  });
});

describe("parseJsonExact", () => {
  it("keeps the text of numbers a double cannot hold, wherever they are", () => {
    expect(parseJsonExact('{"a":1234567890123456787,"b":[1,-9007199254740993,{"c":0.10000000000000001}],"d":0.5}')).toEqual({
      a: "1234567890123456787",
      b: [1, "-9007199254740993", { c: "0.10000000000000001" }],
      d: 0.5,
    });
  });

  it("leaves strings alone, escaped quotes included", () => {
    const text = '{"s":"x\\" 1234567890123456787 \\\\","n":1234567890123456787}';
    expect(parseJsonExact(text)).toEqual({ s: 'x" 1234567890123456787 \\', n: "1234567890123456787" });
  });

  it("does not make invalid JSON valid", () => {
    for (const bad of ['{"a":01234567890123456787}', '{"a":1234567890123456787.}', '{"a":-}', "[1234567890123456787"]) {
      expect(() => parseJsonExact(bad)).toThrow(SyntaxError);
    }
    expect(quoteInexactNumbers('{"a":01234567890123456787}')).toBe('{"a":01234567890123456787}');
  });

  it("gives JSON.parse's answer where no number needs its text", () => {
    for (const text of ['{"t":1733436000123456}', '{"ip":"192.168.100.1001","x":[1.25,2e-5]}', "[0.30000000000000004]"]) {
      expect(parseJsonExact(text)).toEqual(JSON.parse(text));
    }
  });
});

describe("parseJsonReviving", () => {
  it("hands the caller each number a double cannot hold, and leaves strings holding digits as strings", () => {
    const revive = (written: string) => ({ exact: written });
    expect(parseJsonReviving('{"a":1234567890123456787,"s":"1234567890123456787","n":2}', revive)).toEqual({
      a: { exact: "1234567890123456787" },
      s: "1234567890123456787",
      n: 2,
    });
  });
});


describe("the search for numbers that may need their text", () => {
  it("finds a run of 16 digits and dots wherever it starts, and no shorter one", () => {
    const run = "1234567.89012345";
    for (let at = 0; at < 40; at++) {
      const pad = "x".repeat(at);
      expect(parseJsonExact(`{"${pad}":${run}7,"y":"${pad}"}`)).toEqual({ [pad]: 1234567.890123457, y: pad });
      const text = `{"${pad}":1234567890123456787}`;
      expect(parseJsonExact(text)).toEqual({ [pad]: "1234567890123456787" });
      expect(quoteInexactNumbers(`{"${pad}":123456789012345}`)).toBe(`{"${pad}":123456789012345}`);
    }
  });
});
