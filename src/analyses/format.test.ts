import { describe, expect, it } from "vitest";
import { formatMs } from "./format.js";

describe("formatMs", () => {
  it("never shows 60 seconds or 1000 ms: a value that rounds up moves to the next unit", () => {
    expect(formatMs(119_600)).toBe("2m 00s");
    expect(formatMs(59_999)).toBe("1m 00s");
    expect(formatMs(999.97)).toBe("1.00 s");
    expect(formatMs(9.999)).toBe("10.0 ms");
  });

  it("keeps its units and precision elsewhere", () => {
    expect(formatMs(0)).toBe("0.00 ms");
    expect(formatMs(118.919)).toBe("118.9 ms");
    expect(formatMs(2076.887)).toBe("2.08 s");
    expect(formatMs(3_422_000)).toBe("57m 02s");
  });
});
