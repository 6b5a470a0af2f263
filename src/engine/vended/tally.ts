/**
 * How many lines of each log stream were read as which vended text format, and how many almost
 * matched one (and so kept only their system fields): told once at the end of a run, for the
 * streams where a line almost matched, so that a format problem is never a silent empty answer.
 */

import { sample } from "./tokens.js";

/** The text formats recognised from a line's shape (JSON-based AWS logs need no recogniser). */
export type VendedFormat = "lambda" | "vpc" | "vpc-declared" | "route53";

export const FORMAT_NAMES: Readonly<Record<VendedFormat, string>> = {
  lambda: "Lambda START/END/REPORT lines",
  vpc: "VPC flow logs (default format)",
  "vpc-declared": "VPC flow logs (declared format)",
  route53: "Route 53 query logs",
};

/** What a recogniser tells about the line it read. */
export interface LineTally {
  recognised(format: VendedFormat): void;
  /** The line began like `format` but does not follow it: `reason` says where it departs. */
  nearMiss(format: VendedFormat, reason: string, message: string): void;
}

/** One stream's counts, as plain data (a worker thread sends it back). */
export interface StreamCounts {
  group: string;
  stream: string;
  recognised: Partial<Record<VendedFormat, number>>;
  nearMisses: Partial<Record<VendedFormat, number>>;
  /** The first line that almost matched, with why. */
  first?: { format: VendedFormat; reason: string; sample: string };
}

class StreamTally implements LineTally {
  readonly counts: StreamCounts;

  constructor(group: string, stream: string) {
    this.counts = { group, stream, recognised: {}, nearMisses: {} };
  }

  recognised(format: VendedFormat): void {
    const r = this.counts.recognised;
    r[format] = (r[format] ?? 0) + 1;
  }

  nearMiss(format: VendedFormat, reason: string, message: string): void {
    const m = this.counts.nearMisses;
    m[format] = (m[format] ?? 0) + 1;
    this.counts.first ??= { format, reason, sample: sample(message) };
  }
}

/** The counts of a run, by stream. Events come stream by stream, so the last stream is kept at hand. */
export class FormatTallies {
  private readonly byStream = new Map<string, StreamTally>();
  private lastGroup: string | undefined;
  private lastStream: string | undefined;
  private last: StreamTally | undefined;

  forStream(group: string, stream: string): LineTally {
    if (group === this.lastGroup && stream === this.lastStream && this.last) return this.last;
    const key = `${group}\u0000${stream}`;
    let tally = this.byStream.get(key);
    if (!tally) this.byStream.set(key, (tally = new StreamTally(group, stream)));
    this.lastGroup = group;
    this.lastStream = stream;
    return (this.last = tally);
  }

  /** Every stream's counts, and forgets them (a part's counts go back to the main thread). */
  take(): StreamCounts[] {
    const out = [...this.byStream.values()].map((t) => t.counts);
    this.clear();
    return out;
  }

  clear(): void {
    this.byStream.clear();
    this.last = undefined;
    this.lastGroup = this.lastStream = undefined;
  }

  /** Adds counts taken elsewhere (another part of the same run). */
  absorb(all: readonly StreamCounts[]): void {
    for (const counts of all) {
      const tally = this.forStream(counts.group, counts.stream) as StreamTally;
      const mine = tally.counts;
      for (const [format, n] of Object.entries(counts.recognised) as [VendedFormat, number][]) mine.recognised[format] = (mine.recognised[format] ?? 0) + n;
      for (const [format, n] of Object.entries(counts.nearMisses) as [VendedFormat, number][]) mine.nearMisses[format] = (mine.nearMisses[format] ?? 0) + n;
      mine.first ??= counts.first;
    }
  }

  counts(): StreamCounts[] {
    return [...this.byStream.values()].map((t) => t.counts);
  }

  /** One message per stream where a line almost matched a format. */
  nearMissReports(): string[] {
    return this.counts()
      .filter((c) => c.first !== undefined)
      .map(describeNearMisses);
  }
}

function lines(n: number): string {
  return n === 1 ? "1 line" : `${n.toLocaleString("en-US")} lines`;
}

/**
 * e.g. `vpc / eni-0a1b: 998 lines read as VPC flow logs (default format); 2 lines almost matched
 * VPC flow logs (default format) and kept only their system fields (first: 13 fields, the
 * default format has 14: "2 1234...")`.
 */
export function describeNearMisses(c: StreamCounts): string {
  const read = (Object.entries(c.recognised) as [VendedFormat, number][]).map(([f, n]) => `${lines(n)} read as ${FORMAT_NAMES[f]}`);
  const missed = (Object.entries(c.nearMisses) as [VendedFormat, number][]).map(
    ([f, n]) => `${lines(n)} almost matched ${FORMAT_NAMES[f]} and kept only ${n === 1 ? "its" : "their"} system fields (@timestamp, @message, ...)`,
  );
  const first = c.first!;
  return `${c.group} / ${c.stream}: ${[...read, ...missed].join("; ")}. First: ${first.reason}: "${first.sample}"`;
}
