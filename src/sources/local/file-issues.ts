/**
 * What went wrong reading one file, told once per file on stderr with how many events it gave
 * (the line number of the first skipped line is worked out only then, by counting newlines up to
 * its offset, so that reading never has to count lines). None of it is fatal: a file is always
 * read as far as it can be.
 */
export class FileIssues {
  malformed = 0;
  firstMalformedOffset = -1;
  oversized = 0;
  firstOversizedOffset = -1;
  /** Events the file gave (in the time range and group selection). */
  events = 0;
  /** Its lines end in a bare CR, and were read as lines all the same. */
  bareCr = false;
  /** Why it could not be read to its end (a gzip file cut short). */
  stopped: string | undefined = undefined;
  /** Its last line has no newline and is not whole (still being written, or cut). */
  tornTail = false;
  /** The `--log-format` declaring the custom format its VPC flow log header names, when none does (flow-log-header.ts). */
  undeclaredFlowFormat: string | undefined = undefined;

  addMalformed(offset: number): void {
    if (this.malformed++ === 0) this.firstMalformedOffset = offset;
  }

  addOversized(offset: number): void {
    if (this.oversized++ === 0) this.firstOversizedOffset = offset;
  }

  get any(): boolean {
    return this.malformed + this.oversized > 0 || this.bareCr || this.stopped !== undefined || this.tornTail || this.undeclaredFlowFormat !== undefined;
  }

  /** Adds another part's issues with the same file (parts are read in file order). */
  merge(other: FileIssues): void {
    this.malformed += other.malformed;
    this.firstMalformedOffset = earliest(this.firstMalformedOffset, other.firstMalformedOffset);
    this.oversized += other.oversized;
    this.firstOversizedOffset = earliest(this.firstOversizedOffset, other.firstOversizedOffset);
    this.events += other.events;
    this.bareCr ||= other.bareCr;
    this.stopped ??= other.stopped;
    this.tornTail ||= other.tornTail;
    this.undeclaredFlowFormat ??= other.undeclaredFlowFormat;
  }
}

function earliest(a: number, b: number): number {
  return a < 0 ? b : b < 0 ? a : Math.min(a, b);
}

function count(n: number, one: string, many = `${one}s`): string {
  return `${n.toLocaleString("en")} ${n === 1 ? one : many}`;
}

function size(bytes: number): string {
  return bytes % 1048576 === 0 ? `${bytes / 1048576} MiB` : bytes % 1024 === 0 ? `${bytes / 1024} KiB` : `${bytes} bytes`;
}

/**
 * One line for the file: "skipped 3 malformed lines in x.jsonl (first at line 17)" when lines
 * were skipped; otherwise (or as well) what else happened and how many events were read, e.g.
 * "x.jsonl.gz ends early (unexpected end of file: cut short, or still being written): 9,985
 * events read, its last, incomplete line skipped". Line numbers are 1-based.
 */
export function describeIssues(
  issues: FileIssues,
  display: string,
  maxLineBytes: number,
  firstMalformedLine: number,
  firstOversizedLine: number,
): string {
  const told: string[] = [];
  const reading = describeReading(issues, display, maxLineBytes, firstMalformedLine, firstOversizedLine);
  if (reading !== undefined) told.push(reading);
  if (issues.undeclaredFlowFormat !== undefined) {
    told.push(`${display} has a VPC flow log header (not an event) naming a custom format: to read its records' fields, declare it: --log-format ${issues.undeclaredFlowFormat}`);
  }
  return told.join("; ");
}

function describeReading(issues: FileIssues, display: string, maxLineBytes: number, firstMalformedLine: number, firstOversizedLine: number): string | undefined {
  const skipped: Array<[string, string]> = [];
  if (issues.malformed > 0) skipped.push([count(issues.malformed, "malformed line"), `(first at line ${firstMalformedLine})`]);
  if (issues.oversized > 0) skipped.push([`${count(issues.oversized, "line")} longer than ${size(maxLineBytes)}`, `(first at line ${firstOversizedLine})`]);
  if (!issues.bareCr && issues.stopped === undefined && !issues.tornTail) {
    if (skipped.length === 0) return undefined;
    return `skipped ${skipped.map(([what, first], i) => (i === 0 ? `${what} in ${display} ${first}` : `${what} ${first}`)).join(" and ")}`;
  }
  const lines = skipped.map(([what, first]) => `${what} ${first}`).join(" and ");
  const what: string[] = [];
  if (issues.stopped !== undefined) what.push(`ends early (${issues.stopped}: cut short, or still being written)`);
  else if (issues.tornTail) what.push("ends in a line with no newline that is not whole (still being written?)");
  if (issues.bareCr) what.push("has lines that end in a bare CR (read as lines)");
  const read = [`${count(issues.events, "event")} read`];
  if (issues.tornTail) read.push("its last, incomplete line skipped");
  if (lines !== "") read.push(`skipped ${lines}`);
  return `${display} ${what.join(" and ")}: ${read.join(", ")}`;
}
