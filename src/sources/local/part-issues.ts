/**
 * The issues of a file read in parts (engine/parallel), told once for the whole file: each
 * part sends its counts as an encoded warning (parts may be read in other threads, whose
 * warnings are text), and `PartIssues` adds them up per file and words them at the end, as a
 * single-thread read of the file would.
 */
import { describeIssues, FileIssues } from "./file-issues.js";
import type { Readable } from "./local-file.js";
import { lineNumbersAt } from "./scan-file.js";

const PREFIX = "\u0000tolog-file-issues:";

type Counted = { path: string; display: string } & Omit<FileIssues, "any" | "merge" | "addMalformed" | "addOversized">;

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
    const { path, display, ...counts } = JSON.parse(message.slice(PREFIX.length)) as Counted;
    let file = this.files.get(path);
    if (!file) this.files.set(path, (file = { display, issues: new FileIssues() }));
    file.issues.merge(Object.assign(new FileIssues(), counts));
  }

  /** Words each file's issues, in the order the files were first reported. */
  async finish(): Promise<void> {
    for (const [path, { display, issues }] of this.files) {
      if (!issues.any) continue;
      const file: Readable = { path };
      const [malformedLine, oversizedLine] = await lineNumbersAt(file, [issues.firstMalformedOffset, issues.firstOversizedOffset], issues.bareCr);
      this.warn(describeIssues(issues, display, this.maxLineBytes, malformedLine, oversizedLine));
    }
    this.files.clear();
  }
}
