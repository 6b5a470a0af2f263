/**
 * Lines of one file that could not become events. They are never fatal; each file's count is
 * reported once, with the line number of the first (worked out only then, by counting newlines
 * up to its offset, so that reading never has to count lines).
 */
export class FileIssues {
  malformed = 0;
  firstMalformedOffset = -1;
  oversized = 0;
  firstOversizedOffset = -1;

  addMalformed(offset: number): void {
    if (this.malformed++ === 0) this.firstMalformedOffset = offset;
  }

  addOversized(offset: number): void {
    if (this.oversized++ === 0) this.firstOversizedOffset = offset;
  }

  get any(): boolean {
    return this.malformed + this.oversized > 0;
  }
}

function lines(n: number): string {
  return n === 1 ? "1 line" : `${n} lines`;
}

function size(bytes: number): string {
  return bytes % 1048576 === 0 ? `${bytes / 1048576} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/** e.g. "skipped 3 malformed lines in x.jsonl (first at line 17)"; line numbers are 1-based. */
export function describeIssues(
  issues: FileIssues,
  display: string,
  maxLineBytes: number,
  firstMalformedLine: number,
  firstOversizedLine: number,
): string {
  const parts: string[] = [];
  if (issues.malformed > 0) {
    parts.push(`${issues.malformed} malformed ${issues.malformed === 1 ? "line" : "lines"}`);
    parts.push(`(first at line ${firstMalformedLine})`);
  }
  if (issues.oversized > 0) {
    if (parts.length > 0) parts.push("and");
    parts.push(`${lines(issues.oversized)} longer than ${size(maxLineBytes)}`);
    parts.push(`(first at line ${firstOversizedLine})`);
  }
  parts.splice(1, 0, `in ${display}`);
  return `skipped ${parts.join(" ")}`;
}
