/**
 * Runs the README's examples as a reader pastes them: in order, in one scratch directory holding
 * the repository's fixtures, with `tolog` on PATH, each command in a pseudo-terminal of 80x24
 * (util-linux `script`), so that tables are fitted to 80 columns as on a reader's screen.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { matches, screenText, withoutTimings, type Example, type ExampleCommand } from "./examples.js";

export interface CommandOutcome {
  readonly example: Example;
  readonly command: ExampleCommand;
  readonly got: string[];
  readonly ok: boolean;
}

export const SCREEN = { columns: 80, rows: 24 };
const COMMAND_TIMEOUT_MS = 180_000;

/** Runs every example not marked "not rerun", in order; `only` keeps the blocks that hold those README lines. */
export function runExamples(root: string, examples: readonly Example[], only?: (example: Example) => boolean): CommandOutcome[] {
  const workspace = mkdtempSync(join(tmpdir(), "tolog-readme-"));
  try {
    mkdirSync(join(workspace, "bin"));
    symlinkSync(join(root, "bin/tolog.js"), join(workspace, "bin/tolog"));
    symlinkSync(join(root, "fixtures"), join(workspace, "fixtures"));
    const outcomes: CommandOutcome[] = [];
    for (const example of examples) {
      if (example.notRerun !== undefined) continue;
      const selected = only === undefined || only(example);
      for (const command of example.commands) {
        // Blocks left out still run, quietly, when they set up what later ones read.
        const got = runInTerminal(command.command, workspace);
        if (!selected) continue;
        const norm = example.timingsVary ? withoutTimings : (line: string) => line;
        outcomes.push({ example, command, got, ok: matches(command.expected.map(norm), got.map(norm)) });
      }
    }
    return outcomes;
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

function runInTerminal(command: string, cwd: string): string[] {
  const result = spawnSync("script", ["-qec", `stty cols ${SCREEN.columns} rows ${SCREEN.rows} 2>/dev/null; eval "$TOLOG_EXAMPLE"`, "/dev/null"], {
    cwd,
    encoding: "utf8",
    input: "",
    timeout: COMMAND_TIMEOUT_MS,
    maxBuffer: 64 * 1024 * 1024,
    env: {
      PATH: `${join(cwd, "bin")}:${process.env.PATH ?? ""}`,
      HOME: cwd,
      SHELL: "/bin/bash",
      TERM: "xterm-256color",
      LANG: "C.UTF-8",
      TZ: "UTC",
      NO_COLOR: "1",
      TOLOG_EXAMPLE: command,
    },
  });
  if (result.error) throw new Error(`could not run \`${command.split("\n")[0]}\` in a pseudo-terminal: ${result.error.message}`);
  return screenText(result.stdout);
}
