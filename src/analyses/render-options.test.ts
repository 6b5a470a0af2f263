import { Chalk } from "chalk";
import { describe, expect, it } from "vitest";
import { commandLines, type RenderOptions } from "./render-options.js";

const quote = (word: string) => (/^[\w\/.:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`);
const options = (width: number, wrap: boolean): RenderOptions => ({
  chalk: new Chalk({ level: 0 }),
  width,
  wrap,
  command: (words) => ["npx", "tolog", ...words, "--logs", "/home/student/my runs/it's here/service.log"].map(quote).join(" "),
});

describe("commandLines", () => {
  it("breaks only between shell words, never inside a quoted one, each line within the width", () => {
    const lines = commandLines("next: ", options(40, true), ["trace", "79af1a46-1232-4b19-8c04-048b48cdcf08"]);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/ \\$/);
    expect(lines.filter((line) => line.length > 40 && !line.includes("'"))).toEqual([]);
    expect(lines.join("\n").replace(/ \\\n\s*/g, " ")).toBe(commandLines("next: ", options(40, false), ["trace", "79af1a46-1232-4b19-8c04-048b48cdcf08"])[0]);
    expect(lines.at(-1)).toBe(`  '/home/student/my runs/it'\\''s here/service.log'`);
  });

  it("is one line when it fits, or off a terminal", () => {
    expect(commandLines("next: ", options(400, true), ["trace", "r1"])).toHaveLength(1);
    expect(commandLines("next: ", options(20, false), ["trace", "r1"])).toHaveLength(1);
  });
});
