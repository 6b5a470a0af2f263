import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { echoedCommand } from "../src/demo/echo.js";

describe("the demo's echoed commands", () => {
  const words = ["npx", "tolog", "report", "--logs", ".tolog/runs/2026-12-07T10-55-12Z/course-bugs/service.log.jsonl", "--title", "'TaskOverflow under the practical'\\''s k6 script'"];

  it("fit 80 columns, cut between words with a backslash", () => {
    const text = echoedCommand(words, 80);
    const lines = text.split("\n");
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(line.length, line).toBeLessThanOrEqual(80);
    expect(lines.slice(0, -1).every((line) => line.endsWith(" \\"))).toBe(true);
  });

  it("run as the one command when pasted into a shell", () => {
    const pasted = echoedCommand(["printf", "'%s|'", ...words.slice(2)], 40).replace(/^\$ /, "");
    expect(execFileSync("sh", ["-c", pasted], { encoding: "utf8" })).toBe(
      "report|--logs|.tolog/runs/2026-12-07T10-55-12Z/course-bugs/service.log.jsonl|--title|TaskOverflow under the practical's k6 script|",
    );
  });

  it("whole on one line without a width (a saved log of the demo)", () => {
    expect(echoedCommand(["npx", "tolog", "races"])).toBe("$ npx tolog races");
  });
});
