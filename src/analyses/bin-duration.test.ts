import { describe, expect, it } from "vitest";
import { formatBinDuration, parseBinDuration } from "./bin-duration.js";

describe("bin widths", () => {
  it("are written back as --by-time takes them, in the largest whole unit", () => {
    for (const text of ["1h", "5m", "30s", "1500ms", "2d", "90s"]) expect(formatBinDuration(parseBinDuration(text)!)).toBe(text);
    expect(formatBinDuration(3_600_000)).toBe("1h");
    expect(formatBinDuration(60_000)).toBe("1m");
  });
});
