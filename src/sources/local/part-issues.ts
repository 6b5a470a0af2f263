/**
 * The skipped lines of a file read in parts (engine/parallel), told once for the whole file: each
 * part sends its counts as an encoded warning (parts may be read in other threads, whose
 * warnings are text), and `PartIssues` adds them up per file and words them at the end, as a
 * single-thread read of the file would.
 */
import { describeIssues, FileIssues } from "./file-issues.js";
import type { Readable } from "./local-file.js";
import { lineNumbersAt } from "./scan-file.js";

const PREFIX = "\u0000tolog-file-issues:";

interface Counted {
  path: string;
  display: string;
  malformed: number;
  firstMalformedOffset: number;
  oversized: number;
  firstOversizedOffset: number;
}

/** A part's issues with one file, as a warning for `PartIssues.take`. */
export function encodeIssues(file: { path: string; display: string }, issues: FileIssues): string {
  const counted: Counted = { path: file.path, display: file.display, ...issues };
  return PREFIX + JSON.stringify(counted);
}

export class PartIssues {
  private readonly files = new Map<string, { display: string; issues: FileIssues }>();

  constructor(
    private readonly maxLineBytes: number,
    private readonly warn: (message: string) => void,
  ) {}

  /** Passes a plain warning on; keeps an encoded one for `finish`. */
  take(message: string): void {
    if (!message.startsWith(PREFIX)) {
      this.warn(message);
      return;
    }
    const counted = JSON.parse(message.slice(PREFIX.length)) as Counted;
    let file = this.files.get(counted.path);
    if (!file) this.files.set(counted.path, (file = { display: counted.display, issues: new FileIssues() }));
    file.issues.malformed += counted.malformed;
    file.issues.firstMalformedOffset = earliest(file.issues.firstMalformedOffset, counted.firstMalformedOffset);
    file.issues.oversized += counted.oversized;
    file.issues.firstOversizedOffset = earliest(file.issues.firstOversizedOffset, counted.firstOversizedOffset);
  }

  /** Words each file's issues, in the order the files were first reported. */
  async finish(): Promise<void> {
    for (const [path, { display, issues }] of this.files) {
      const file: Readable = { path };
      const [malformedLine, oversizedLine] = await lineNumbersAt(file, [issues.firstMalformedOffset, issues.firstOversizedOffset]);
      this.warn(describeIssues(issues, display, this.maxLineBytes, malformedLine, oversizedLine));
    }
    this.files.clear();
  }
}

function earliest(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}
