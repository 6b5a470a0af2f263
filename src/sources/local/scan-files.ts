/**
 * Reading slices of local files into events: the whole of `LocalSource.read`'s scan, and the
 * parts a worker thread of the parallel scan reads (read-part.ts), which therefore load no path
 * resolution (tinyglobby, picomatch) and no index lookup.
 */
import type { LogEvent, ReadOptions, ReadPart, ReadStatistics } from "../../engine/source.js";
import { FieldExtractor } from "../../engine/extract.js";
import { DeclaredFormats } from "../../engine/vended/log-format.js";
import { VpcByteReader } from "../../engine/vended/vpc-bytes.js";
import type { FileSlice } from "./cut-parts.js";
import { declaresFlowFormat } from "./flow-log-header.js";
import { flatten } from "./flatten.js";
import type { FileFormat } from "./line-decoder.js";
import type { LocalFile } from "./local-file.js";
import { encodeIssues } from "./part-issues.js";
import { readAhead } from "./read-ahead.js";
import { scanFile } from "./scan-file.js";

type GroupSelection = ReadOptions["groups"];

function groupMatcher(groups: GroupSelection): ((group: string) => boolean) | undefined {
  const names = groups?.names ?? [];
  const prefixes = groups?.prefixes ?? [];
  if (names.length === 0 && prefixes.length === 0) return undefined;
  const exact = new Set(names);
  return (group) => exact.has(group) || prefixes.some((p) => group.startsWith(p));
}

/**
 * Needles that a raw byte search finds exactly, longest (likely rarest) first. A needle with a
 * control character, a quote, a backslash or a non-ASCII character may be escaped differently in
 * an envelope line, so it is left to the engine.
 */
function usableNeedles(needles: string[] | undefined): Buffer[] {
  return (needles ?? [])
    .filter((n) => n.length > 0 && /^[\x20-\x21\x23-\x5b\x5d-\x7e]+$/.test(n))
    .sort((a, b) => b.length - a.length)
    .map((n) => Buffer.from(n, "latin1"));
}

/**
 * Whether a group's lines are recognised by their shape (no format declared for it), as the
 * byte reader of flow records assumes; none are when a declaration cannot be read (compiling
 * the query tells why).
 */
function undeclared(specs: ReadOptions["logFormats"]): (group: string) => boolean {
  if (specs === undefined || Object.keys(specs).length === 0) return () => true;
  try {
    const formats = new DeclaredFormats(specs);
    return (group) => formats.of(group) === undefined;
  } catch {
    return () => false;
  }
}

/**
 * The field readers of a list of wanted fields, made once per list (`ReadOptions.fields`) and
 * kept while it lives: a thread reading a stats in morsels (engine/parallel/morsels.ts) reads
 * dozens of parts with the same options, and new readers for each made new WebAssembly
 * instances (their memory faulted in afresh: 0.5 MB a part) and new compiled code, which left
 * the scan's calls into them unoptimised. A reader keeps what it learnt of a buffer only for the
 * view object it was given (each read makes a new one) and reads each line at once, so reads that
 * interleave may share one, as the slices of one read always did.
 */
const readers = new WeakMap<readonly string[], { fields: FieldExtractor; vpc: VpcByteReader }>();

function readersOf(wanted: readonly string[] | undefined): { fields?: FieldExtractor; vpc?: VpcByteReader } {
  if (wanted === undefined || wanted.length === 0) return {};
  let made = readers.get(wanted);
  if (made === undefined) readers.set(wanted, (made = { fields: new FieldExtractor(wanted), vpc: new VpcByteReader(wanted) }));
  return made;
}

export interface LocalPart {
  slices: Array<FileSlice & { format?: FileFormat }>;
  maxLineBytes: number;
}

export type ScanSlice = { file: LocalFile; from?: number; to?: number; format?: FileFormat; bareCr?: boolean };

/** Ranges up to this long (a field index's blocks) are read ahead of their turn (read-ahead.ts). */
const SMALL_RANGE = 1024 * 1024;

export function scanFiles(
  slices: ScanSlice[],
  maxLineBytes: number,
  options: ReadOptions,
  stats: ReadStatistics,
  warn: (message: string) => void,
  inParts = false,
): AsyncGenerator<LogEvent[]> {
  const groupSelected = groupMatcher(options.groups);
  const needles = usableNeedles(options.needles);
  const { fields, vpc } = readersOf(options.fields);
  const byShape = undeclared(options.logFormats);
  const small = ({ from, to }: ScanSlice): boolean => to !== undefined && to - (from ?? 0) <= SMALL_RANGE;
  // Small slices are read ahead, and their events would reach `flowRecords` before those of the
  // slices before them: such a read (a field index's blocks) yields its events instead.
  const flowRecords = slices.some(small) ? undefined : options.flowRecords;
  const reads = slices.map((slice) => ({
    small: small(slice),
    read: (sliceStats: ReadStatistics, sliceWarn: (message: string) => void) => {
      const { file, from, to, format, bareCr } = slice;
      return scanFile(
        file,
        {
          from,
          to,
          format,
          bareCr,
          start: options.start ?? -Infinity,
          end: options.end ?? Infinity,
          groupSelected,
          needles,
          fields,
          // A group with a declared format reads its lines by that (engine/vended/discovery.ts).
          vpc: byShape(file.group) ? vpc : undefined,
          messageUnread: options.messageUnread === true,
          fieldsUnread: options.fields?.length === 0 && options.messageUnread === true,
          timeUnread: options.timeUnread === true,
          flowRecords,
          flowFormatDeclared: declaresFlowFormat(options.logFormats, file.group),
          signal: options.signal,
          maxLineBytes,
          // A file of an unselected group is read only if its envelopes may name another group.
          envelopesOnly: groupSelected !== undefined && !groupSelected(file.group),
          onWarning: sliceWarn,
          onIssues: inParts ? (issues) => sliceWarn(encodeIssues(file, issues)) : undefined,
        },
        sliceStats,
      );
    },
  }));
  return readAhead(reads, stats, warn, options.signal);
}

/** Reads one part of `LocalSource.split` (in a worker thread). */
export const readPart: ReadPart = (part, options, stats, warn) => {
  const { slices, maxLineBytes } = part as LocalPart;
  return flatten(scanFiles(slices, maxLineBytes, options, stats, warn, true));
};
