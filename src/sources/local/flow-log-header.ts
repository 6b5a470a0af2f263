/**
 * The first line of a VPC flow log file delivered to S3: the format's field names, e.g.
 * `version account-id interface-id srcaddr ...` ("Flow log files" in the VPC user guide: each
 * file starts with a header line). It is no event (CloudWatch never sees it: flow logs published
 * there have none), and it is the one place a custom format says which fields its records hold.
 * Files concatenated together (`zcat *.log.gz > all.log`) carry one per object, so any line of
 * the shape is one, wherever it is.
 */
import { ALL_GROUPS } from "../../engine/vended/log-format.js";
import { DEFAULT_VPC_FIELDS, VPC_FIELD_NAMES } from "../../engine/vended/vpc-flow.js";

/** Fewer words than this are too likely an ordinary line ("start end"). */
const MIN_FIELDS = 3;

/** The field names of the header line `[start, end)`, or undefined when it is not one. */
export function flowLogHeaderFields(buf: Uint8Array, start: number, end: number): string[] | undefined {
  // Names are lower-case letters and hyphens: a byte of anything else rules a line out, most often at its first or second byte.
  for (let i = start; i < end; i++) {
    const c = buf[i];
    if (!((c >= 0x61 && c <= 0x7a) || c === 0x2d || c === 0x20 || c === 0x09)) return undefined;
  }
  const words = Buffer.from(buf.buffer, buf.byteOffset + start, end - start).toString("latin1").split(/[ \t]+/).filter((w) => w !== "");
  if (words.length < MIN_FIELDS || new Set(words).size !== words.length) return undefined;
  return words.every((w) => Object.hasOwn(VPC_FIELD_NAMES, w)) ? words : undefined;
}

/** Whether a header names the default format (version 2's 14 fields), which needs no declaration. */
export function isDefaultFlowFormat(fields: readonly string[]): boolean {
  return fields.length === DEFAULT_VPC_FIELDS.length && fields.every((f, i) => f === DEFAULT_VPC_FIELDS[i]);
}

/** The `--log-format` value that declares a header's format. */
export function flowFormatDeclaration(fields: readonly string[]): string {
  return `vpc:'${fields.map((f) => `\${${f}}`).join(" ")}'`;
}

/** Whether `--log-format` (`ReadOptions.logFormats`) declares `group` a VPC flow log, by its name or for every group. */
export function declaresFlowFormat(logFormats: Readonly<Record<string, string>> | undefined, group: string): boolean {
  const spec = logFormats?.[group] ?? logFormats?.[ALL_GROUPS];
  return spec !== undefined && /^\s*vpc\b/.test(spec);
}
