import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, test } from "vitest";

/**
 * Layers import downward only: the CLI sits on top of everything else, so nothing outside
 * `src/cli/` (tests included) may import from it.
 */
const SRC = fileURLToPath(new URL("..", import.meta.url));

function* sourceFiles(dir: string): Generator<string> {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* sourceFiles(path);
    else if (/\.tsx?$/.test(entry.name)) yield path;
  }
}

test("no module outside src/cli imports from src/cli", () => {
  const offenders: string[] = [];
  for (const file of sourceFiles(SRC)) {
    const layer = relative(SRC, file).split(/[\\/]/)[0];
    if (layer === "cli") continue;
    const text = readFileSync(file, "utf8");
    for (const match of text.matchAll(/(?:from|import)\s*\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = relative(SRC, normalize(join(dirname(file), match[1])));
      if (target.split(/[\\/]/)[0] === "cli") offenders.push(`${relative(SRC, file)} -> ${match[1]}`);
    }
  }
  expect(offenders).toEqual([]);
});
