import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parseExamples } from "./examples.js";
import { runExamples } from "./run-examples.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../..");

describe("the README's examples", () => {
  // Runs the bundle (bin/tolog.js), as a reader does; `npm run build` makes it, as CI does first.
  it("print what the README shows, pasted in order into an 80x24 terminal", () => {
    const outcomes = runExamples(root, parseExamples(readFileSync(join(root, "README.md"), "utf8")));
    expect(outcomes.length).toBeGreaterThan(10);
    const differing = outcomes.filter((o) => !o.ok).map((o) => `README.md:${o.command.line}: $ ${o.command.command}\n${o.got.join("\n")}`);
    expect(differing, "rerun with `npm run examples -- --line N`; `-- --update` writes the new output in").toEqual([]);
  }, 600_000);
});
