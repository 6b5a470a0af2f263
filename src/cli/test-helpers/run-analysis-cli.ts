import { Readable } from "node:stream";
import { main } from "../main.js";

/** Test support: runs `tolog <argv>` in-process, not on a terminal, and captures its output. */
export async function runCli(argv: string[]): Promise<{ stdout: string; stderr: string; exitCode: number }> {
  let stdout = "";
  let stderr = "";
  const exitCode = await main(argv, {
    stdout: { write: (chunk: string) => (stdout += chunk) },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin: Readable.from([]),
    env: {},
    isTTY: false,
  });
  return { stdout, stderr, exitCode };
}
