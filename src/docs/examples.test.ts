import { describe, expect, it } from "vitest";
import { continues, matches, parseExamples, screenText, withoutTimings } from "./examples.js";

const readme = [
  "Intro",
  "",
  "```console",
  "$ tolog query 'filter a = 1",
  "    | stats count(*)' --logs x",
  "warning: one",
  "...",
  "",
  "$ tolog races --logs x \\",
  "    --format csv",
  "a,b",
  "```",
  "",
  "<!-- example: not rerun: needs a live service -->",
  "```console",
  "$ tolog watch --logs service.log",
  "screen",
  "```",
  "```sh",
  "$ not an example",
  "```",
].join("\n");

describe("parseExamples", () => {
  it("reads each console block's commands, continuation lines and outputs, and its directive", () => {
    const [first, second, ...rest] = parseExamples(readme);
    expect(rest).toEqual([]);
    expect(first.commands.map((c) => [c.line, c.command, c.expected])).toEqual([
      [4, "tolog query 'filter a = 1\n    | stats count(*)' --logs x", ["warning: one", "..."]],
      [9, "tolog races --logs x \\\n    --format csv", ["a,b"]],
    ]);
    expect(first.notRerun).toBeUndefined();
    expect(second.notRerun).toBe("needs a live service");
  });

  it("refuses a directive it does not know, naming the line", () => {
    expect(() => parseExamples("<!-- example: sometimes -->\n```console\n$ tolog x\n```")).toThrow(/README.md:1: unknown example directive "sometimes"/);
  });
});

describe("continues", () => {
  it("follows shell quoting: an open quote or a final backslash continues the command", () => {
    expect(continues("tolog query 'a")).toBe(true);
    expect(continues(`tolog query 'say "hi'`)).toBe(false);
    expect(continues(`tolog query "it's`)).toBe(true);
    expect(continues("tolog query x \\")).toBe(true);
    expect(continues("tolog query 'a\\' b")).toBe(false); // no escapes inside single quotes
  });
});

describe("matches", () => {
  it("takes ... for any number of lines, including none", () => {
    expect(matches(["a", "...", "z"], ["a", "z"])).toBe(true);
    expect(matches(["a", "...", "z"], ["a", "b", "c", "z"])).toBe(true);
    expect(matches(["a", "...", "z"], ["a", "b", "y"])).toBe(false);
    expect(matches(["a"], ["a", "b"])).toBe(false);
    expect(matches(["..."], [])).toBe(true);
  });
});

describe("screenText", () => {
  it("shows what a terminal shows: a progress line cleared by CR ESC[2K leaves only what followed", () => {
    expect(screenText("\r\u001b[2KReading 10 events\r\u001b[2KReading 20 events\r\u001b[2Kresult\r\nnext\r\n")).toEqual(["result", "next"]);
    expect(screenText("abcdef\rXY\n")).toEqual(["XYcdef"]);
    expect(screenText("\u001b[1mbold\u001b[22m\n")).toEqual(["bold"]);
  });
});

describe("withoutTimings", () => {
  it("turns durations into N, leaving other numbers", () => {
    expect(withoutTimings("read 44,249 events in 10.8 s; 3 rows; 120 ms")).toBe("read 44,249 events in N s; 3 rows; N ms");
  });
});
