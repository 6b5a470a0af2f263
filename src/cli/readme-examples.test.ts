import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, expect, test } from "vitest";
import { runTolog } from "./test-helpers/run-tolog.js";

/**
 * Every `$ tolog ...` of the README's console blocks, run as written (in a directory that holds
 * the repository's fixtures), prints the lines the README shows, in that order (`...` stands for
 * lines left out). A block recorded in a terminal says its width in a comment just above it
 * (`<!-- terminal: 100 columns -->`); the others are what a pipe gets. Figures that time the run
 * itself (`in 0.7 s`) are not compared; live commands (`watch`) are left out.
 */
const ROOT = fileURLToPath(new URL("../../", import.meta.url));
const README = readFileSync(join(ROOT, "README.md"), "utf8");

interface Example {
  line: number;
  command: string;
  expected: string[];
  columns?: number;
}

/** The `$ ` commands of every console block, each with the lines shown under it. */
function examples(markdown: string): Example[] {
  const lines = markdown.split("\n");
  const found: Example[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] !== "```console") continue;
    const width = /<!-- terminal: (\d+) columns -->/.exec(lines[i - 1] ?? "")?.[1];
    let j = i + 1;
    let current: Example | undefined;
    for (; lines[j] !== "```"; j++) {
      const line = lines[j];
      if (line.startsWith("$ ")) {
        let command = line.slice(2);
        while (command.endsWith("\\") || (command.match(/'/g) ?? []).length % 2 === 1) command += `\n${lines[++j]}`;
        current = { line: j + 1, command, expected: [], ...(width ? { columns: Number(width) } : {}) };
        found.push(current);
      } else current?.expected.push(line);
    }
    i = j;
  }
  return found;
}

/** A POSIX shell's words of a simple command: quotes, `'\''`, backslash-newline. */
function words(command: string): string[] {
  const out: string[] = [];
  let word: string | undefined;
  for (let i = 0; i < command.length; i++) {
    const c = command[i];
    if (c === "\\" && command[i + 1] === "\n") i++;
    else if (c === " " || c === "\n") {
      if (word !== undefined) out.push(word);
      word = undefined;
    } else if (c === "'") {
      const end = command.indexOf("'", i + 1);
      word = (word ?? "") + command.slice(i + 1, end);
      i = end;
    } else if (c === '"') {
      const end = command.indexOf('"', i + 1);
      word = (word ?? "") + command.slice(i + 1, end).replace(/\\(["\\$`])/g, "$1");
      i = end;
    } else word = (word ?? "") + c;
  }
  if (word !== undefined) out.push(word);
  return out;
}

const TIMING = / in \d+(\.\d+)? (s|ms)$/;

/** The expected lines missing from `actual` (in order), a run's own timings masked. */
function missing(expected: string[], actual: string): string[] {
  // A terminal's progress line is redrawn in place: only what follows its last \r stays.
  const got = actual
    .split("\n")
    .map((line) => line.replace(/\x1b\[[0-9;]*[A-Za-z]/g, "").replace(/^[^\n]*\r(?=.)/, "").trimEnd().replace(TIMING, " in (time)"));
  const absent: string[] = [];
  let at = 0;
  for (const raw of expected) {
    const line = raw.trimEnd().replace(TIMING, " in (time)");
    if (line === "" || line === "...") continue;
    const index = got.indexOf(line, at);
    if (index < 0) absent.push(line);
    else at = index + 1;
  }
  return absent;
}

const dir = mkdtempSync(join(tmpdir(), "tolog-readme-"));
const home = process.cwd();
beforeAll(() => {
  symlinkSync(join(ROOT, "fixtures"), join(dir, "fixtures"));
  process.chdir(dir);
});
afterAll(() => {
  process.chdir(home);
  rmSync(dir, { recursive: true, force: true });
});

const ALL = examples(README);

test("the README's console blocks hold commands to check", () => {
  expect(ALL.filter((e) => e.command.startsWith("tolog ")).length).toBeGreaterThan(15);
});

for (const example of ALL.filter((e) => !/^tolog (watch|serve)\b/.test(e.command))) {
  test(`README line ${example.line}: ${example.command.split("\n")[0].slice(0, 80)}`, async () => {
    if (!example.command.startsWith("tolog ")) {
      execFileSync("sh", ["-c", example.command], { cwd: dir });
      return;
    }
    const { output } = await runTolog(words(example.command).slice(1), {
      env: { TOLOG_QUERIES_DIR: "", NO_COLOR: "1" },
      ...(example.columns ? { isTTY: true, columns: example.columns } : {}),
    });
    // The README runs from the repository's root, where tolog's own queries/ shows as such.
    const asFromRoot = output.replaceAll(join(ROOT, "queries"), "queries");
    if (process.env.SHOW_README_RUN) console.log(JSON.stringify(asFromRoot.slice(0, 600)));
    expect(missing(example.expected, asFromRoot)).toEqual([]);
  }, 60_000);
}
