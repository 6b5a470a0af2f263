/**
 * `npm run examples`: reruns the README's examples and says which print something else than the
 * README shows. `-- --update` writes what they print now into the README (review the diff: an
 * update can hide a regression), `-- --line N` keeps the block holding README line N.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseExamples } from "./examples.js";
import { runExamples, SCREEN, type CommandOutcome } from "./run-examples.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "../../..");
const readme = join(root, "README.md");

function main(argv: string[]): number {
  const update = argv.includes("--update");
  const lineAt = argv.indexOf("--line");
  const line = lineAt >= 0 ? Number(argv[lineAt + 1]) : undefined;
  if (line !== undefined && !Number.isInteger(line)) {
    process.stderr.write("usage: npm run examples -- [--update] [--line N]\n");
    return 2;
  }
  const text = readFileSync(readme, "utf8");
  const examples = parseExamples(text);
  const outcomes = runExamples(root, examples, line === undefined ? undefined : (e) => e.bodyFrom - 1 <= line && line <= e.bodyTo + 1);
  const differing = outcomes.filter((o) => !o.ok);
  for (const o of differing) {
    process.stdout.write(`README.md:${o.command.line}: $ ${o.command.command.split("\n")[0]}\n`);
    if (!update) process.stdout.write(`${o.got.map((l) => `  | ${l}`).join("\n")}\n`);
  }
  const skipped = examples.filter((e) => e.notRerun !== undefined).length;
  process.stdout.write(`${outcomes.length - differing.length} of ${outcomes.length} commands print what the README shows (at ${SCREEN.columns}x${SCREEN.rows}); ${skipped} block(s) not rerun\n`);
  if (update && differing.length > 0) {
    writeFileSync(readme, withOutputs(text, differing));
    process.stdout.write(`wrote ${differing.length} output(s) into README.md: review them with git diff\n`);
    return 0;
  }
  return differing.length === 0 ? 0 : 1;
}

/** The README with each differing command's output replaced by what it printed. */
function withOutputs(text: string, differing: readonly CommandOutcome[]): string {
  const lines = text.split("\n");
  // From the bottom up, so that earlier line numbers stay right.
  for (const o of [...differing].sort((a, b) => b.command.line - a.command.line)) {
    const from = o.command.line - 1 + o.command.command.split("\n").length;
    let to = from;
    while (to < lines.length && !lines[to].startsWith("$ ") && !lines[to].startsWith("```")) to++;
    const blankAfter = to > from && lines[to - 1] === "" && lines[to].startsWith("$ ");
    lines.splice(from, to - from, ...o.got, ...(blankAfter ? [""] : []));
  }
  return lines.join("\n");
}

process.exitCode = main(process.argv.slice(2));
