/**
 * VPC flow logs: one record per line, fields separated by spaces, in the default format (version
 * 2, 14 fields) or in a custom format whose field list the user declares (`--log-format
 * vpc:'${version} ${srcaddr} ...'`), since the line itself does not say which fields it holds.
 *
 * Field names are those CloudWatch discovers ("Supported logs and discovered fields": `version,
 * accountId, interfaceId, srcAddr, dstAddr, srcPort, dstPort, protocol, packets, bytes,
 * startTime, endTime, action, logStatus`); the fields of later versions are named the same way
 * (`VPC_FIELD_NAMES`). Counts, ports, times and numeric codes are numbers; `-` (no value, as in
 * NODATA records) is a missing value (`NO_VALUE`). Decisions: DECISIONS.md, "Vended logs".
 */
import type { DiscoveredFields } from "../discover.js";
import type { LineTally, VendedFormat } from "./tally.js";
import { digitsValue, isDigits, isIpAddress, WordInterner, words } from "./tokens.js";
import { numberValue } from "../exact-number.js";

/**
 * Every field of the flow log record reference (versions 2 to 8), by the name the format string
 * uses, with the name the field is discovered as. The default format's names are CloudWatch's;
 * the others are camelCase in the same style (`pkt-srcaddr` -> `pktSrcAddr`).
 */
export const VPC_FIELD_NAMES: Readonly<Record<string, string>> = {
  version: "version",
  "account-id": "accountId",
  "interface-id": "interfaceId",
  srcaddr: "srcAddr",
  dstaddr: "dstAddr",
  srcport: "srcPort",
  dstport: "dstPort",
  protocol: "protocol",
  packets: "packets",
  bytes: "bytes",
  start: "startTime",
  end: "endTime",
  action: "action",
  "log-status": "logStatus",
  "vpc-id": "vpcId",
  "subnet-id": "subnetId",
  "instance-id": "instanceId",
  "tcp-flags": "tcpFlags",
  type: "type",
  "pkt-srcaddr": "pktSrcAddr",
  "pkt-dstaddr": "pktDstAddr",
  region: "region",
  "az-id": "azId",
  "sublocation-type": "sublocationType",
  "sublocation-id": "sublocationId",
  "pkt-src-aws-service": "pktSrcAwsService",
  "pkt-dst-aws-service": "pktDstAwsService",
  "flow-direction": "flowDirection",
  "traffic-path": "trafficPath",
  "ecs-cluster-arn": "ecsClusterArn",
  "ecs-cluster-name": "ecsClusterName",
  "ecs-container-instance-arn": "ecsContainerInstanceArn",
  "ecs-container-instance-id": "ecsContainerInstanceId",
  "ecs-container-id": "ecsContainerId",
  "ecs-second-container-id": "ecsSecondContainerId",
  "ecs-service-name": "ecsServiceName",
  "ecs-task-definition-arn": "ecsTaskDefinitionArn",
  "ecs-task-arn": "ecsTaskArn",
  "ecs-task-id": "ecsTaskId",
  "reject-reason": "rejectReason",
  "encryption-status": "encryptionStatus",
};

/**
 * What a `-` word reads as: no value, so that `filter bytes < 1000` or `stats avg(bytes) by
 * srcAddr` treat a NODATA record as having no bytes and no address (rather than comparing the
 * text "-"). AWS does not document it.
 */
export const NO_VALUE = null;

/** Fields whose values are numbers (or `-`). */
const NUMERIC = new Set(["version", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "tcp-flags", "traffic-path", "encryption-status"]);

export const DEFAULT_VPC_FIELDS = ["version", "account-id", "interface-id", "srcaddr", "dstaddr", "srcport", "dstport", "protocol", "packets", "bytes", "start", "end", "action", "log-status"];

/** A field list: the discovered name and whether its value is a number, position by position. */
export interface VpcLayout {
  format: VendedFormat;
  names: string[];
  numeric: boolean[];
  /** Makes the fields object of one line from its words (an object literal: one shape for every line). */
  build: (w: string[]) => DiscoveredFields;
}

export function vpcLayout(fields: readonly string[], format: VendedFormat): VpcLayout {
  const names = fields.map((f) => VPC_FIELD_NAMES[f]);
  const numeric = fields.map((f) => NUMERIC.has(f));
  // Names are plain identifiers from VPC_FIELD_NAMES.
  const values = names.map((name, i) => `${JSON.stringify(name)}: ${numeric[i] ? "n" : "t"}(w[${i}])`);
  const make = new Function("n", "t", `return (w) => ({${values.join(", ")}});`) as (n: typeof numberOrNone, t: typeof textOrNone) => (w: string[]) => DiscoveredFields;
  return { format, names, numeric, build: make(numberOrNone, textOrNone) };
}

function numberOrNone(s: string): number | string | null {
  return s === "-" ? NO_VALUE : digitsValue(s);
}

function textOrNone(s: string): string | null {
  return s === "-" ? NO_VALUE : s;
}

export const DEFAULT_VPC_LAYOUT = vpcLayout(DEFAULT_VPC_FIELDS, "vpc");

const scratch: string[] = [];
/** Start and end of each word of the line being read (see `wordBounds`). */
const bounds = new Int32Array(2 * 16);

/**
 * The default format recognised from the line alone: 14 words, version 2, an account id, an
 * `eni-` interface. A line that starts like one (version, account, interface) but departs from
 * the format later is a near miss: no field, and the tally says why. The usual line is checked
 * and read by character codes, without splitting it (1 GB of flow logs is ten million lines).
 */
export function recogniseDefaultVpc(message: string, tally: LineTally | undefined, read: DefaultReader = READ_ALL): DiscoveredFields | null | undefined {
  if (message.charCodeAt(0) !== 50 /* 2 */ || message.charCodeAt(1) !== 32) return undefined;
  const n = wordBounds(message, 15);
  if (n < 3 || !isAccountAt(message, 1) || !isInterfaceAt(message, 2)) return undefined;
  if (n === 14 && defaultLineValid(message)) {
    tally?.recognised("vpc");
    return read(message);
  }
  const count = words(message, scratch, 14);
  tally?.nearMiss("vpc", count !== 14 ? `${count > 14 ? "more than 14" : count} fields, the default format has 14` : (defaultFormatProblem(scratch) ?? "unreadable"), message);
  return null;
}

/** Makes the fields of a checked default-format line (its words' bounds in `bounds`). */
export type DefaultReader = (message: string) => DiscoveredFields;

const readers = new Map<string, DefaultReader>();

/**
 * A reader of the default format's fields, or of only `wanted` of them: a query that reads
 * `srcAddr, dstAddr, bytes` need not make the other eleven values of every line. Each is an
 * object literal compiled once, so every line's fields share one shape.
 */
export function defaultVpcReader(wanted?: readonly string[]): DefaultReader {
  const names = DEFAULT_VPC_LAYOUT.names;
  const picked = names.map((name, i) => ({ name, i })).filter(({ name }) => wanted === undefined || wanted.includes(name));
  const key = picked.map((p) => p.name).join(",");
  let reader = readers.get(key);
  if (reader === undefined) {
    const values = picked.map(({ name, i }) => `${JSON.stringify(name)}: ${DEFAULT_VPC_LAYOUT.numeric[i] ? "n" : "s"}(m, ${i})`);
    reader = (new Function("s", "n", `return (m) => ({${values.join(", ")}});`) as (s: typeof stringAt, n: typeof numberAt) => DefaultReader)(stringAt, numberAt);
    readers.set(key, reader);
  }
  return reader;
}

/** One per word position of the default format (only its text fields use theirs). */
const interners = DEFAULT_VPC_FIELDS.map(() => new WordInterner());

function stringAt(m: string, i: number): string | null {
  const from = bounds[2 * i];
  const to = bounds[2 * i + 1];
  return to - from === 1 && m.charCodeAt(from) === 45 ? NO_VALUE : interners[i].of(m, from, to);
}

/** Word boundaries of `text` into `bounds`, at most `max` words; the count (`max` when there are more). */
function wordBounds(text: string, max: number): number {
  let n = 0;
  let start = -1;
  const length = text.length;
  for (let i = 0; i <= length; i++) {
    const c = i < length ? text.charCodeAt(i) : 32;
    // Above the space: a word's character (the usual case, one comparison).
    if (c > 32) {
      if (start < 0) start = i;
    } else if (c === 32 || c === 9 || c === 10 || c === 13) {
      if (start >= 0) {
        bounds[2 * n] = start;
        bounds[2 * n + 1] = i;
        if (++n === max) return n;
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  return n;
}

/** Word `i` is `-` or digits only. */
function isDashOrDigitsAt(m: string, i: number): boolean {
  const from = bounds[2 * i];
  const to = bounds[2 * i + 1];
  if (to - from === 1 && m.charCodeAt(from) === 45) return true;
  for (let k = from; k < to; k++) {
    const c = m.charCodeAt(k);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

function numberAt(m: string, i: number): number | string | null {
  const from = bounds[2 * i];
  const to = bounds[2 * i + 1];
  if (m.charCodeAt(from) === 45) return NO_VALUE;
  if (to - from > 15) return numberValue(m.slice(from, to));
  let v = 0;
  for (let k = from; k < to; k++) v = v * 10 + (m.charCodeAt(k) - 48);
  return v;
}

function wordIs(m: string, i: number, text: string): boolean {
  return bounds[2 * i + 1] - bounds[2 * i] === text.length && m.startsWith(text, bounds[2 * i]);
}

function isAccountAt(m: string, i: number): boolean {
  const length = bounds[2 * i + 1] - bounds[2 * i];
  return length === 12 ? isDashOrDigitsAt(m, i) : wordIs(m, i, "-") || wordIs(m, i, "unknown");
}

function isInterfaceAt(m: string, i: number): boolean {
  return wordIs(m, i, "-") || m.startsWith("eni-", bounds[2 * i]);
}

/** Word `i` is `-`, a dotted IPv4 address, or an IPv6 address: `isIpAddress` read by character codes. */
function isIpAt(m: string, i: number): boolean {
  const from = bounds[2 * i];
  const to = bounds[2 * i + 1];
  if (to - from === 1 && m.charCodeAt(from) === 45) return true;
  // Four decimal parts of 0-255, without leading zeros (the usual word, read once).
  let dots = 0;
  let part = 0;
  let digits = 0;
  for (let k = from; k <= to; k++) {
    const c = k < to ? m.charCodeAt(k) : 46;
    if (c === 46) {
      if (digits === 0 || part > 255 || (digits > 1 && m.charCodeAt(k - digits) === 48)) return isIpv6At(from, to, m);
      dots++;
      part = digits = 0;
    } else if (c >= 48 && c <= 57) {
      part = part * 10 + (c - 48);
      if (++digits > 3) return isIpv6At(from, to, m);
    } else return isIpv6At(from, to, m);
  }
  return dots === 4 || isIpv6At(from, to, m);
}

/** Hex digits, dots and at least two colons (a word that is no dotted IPv4 address). */
function isIpv6At(from: number, to: number, m: string): boolean {
  let colons = 0;
  for (let k = from; k < to; k++) {
    const c = m.charCodeAt(k);
    if (c === 58) colons++;
    else if (!((c >= 48 && c <= 57) || c === 46 || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return colons >= 2;
}

function defaultLineValid(m: string): boolean {
  if (!isIpAt(m, 3) || !isIpAt(m, 4)) return false;
  for (let i = 5; i <= 11; i++) if (!isDashOrDigitsAt(m, i)) return false;
  return (wordIs(m, 12, "ACCEPT") || wordIs(m, 12, "REJECT") || wordIs(m, 12, "-")) && (wordIs(m, 13, "OK") || wordIs(m, 13, "NODATA") || wordIs(m, 13, "SKIPDATA"));
}

/** A line of a declared field list: as many words as fields, numbers where numbers go. */
export function recogniseDeclaredVpc(message: string, layout: VpcLayout, tally: LineTally | undefined): DiscoveredFields | null {
  const count = layout.names.length;
  const n = words(message, scratch, count);
  let problem: string | undefined;
  if (n !== count) problem = `${n > count ? `more than ${count}` : n} fields, the declared format has ${count}`;
  else {
    for (let i = 0; i < count && problem === undefined; i++) {
      const w = scratch[i];
      if (layout.numeric[i] && w !== "-" && !isDigits(w)) problem = `${layout.names[i]} is "${w}", not a number`;
    }
  }
  if (problem !== undefined) {
    tally?.nearMiss(layout.format, problem, message);
    return null;
  }
  tally?.recognised(layout.format);
  return layout.build(scratch);
}

function isAccount(w: string): boolean {
  return w === "-" || w === "unknown" || (w.length === 12 && isDigits(w));
}

function isInterface(w: string): boolean {
  return w === "-" || w.startsWith("eni-");
}

/** What departs from the default format in a record of 14 words, or undefined for a good one. */
export function defaultFormatProblem(w: string[]): string | undefined {
  for (const i of [3, 4]) if (w[i] !== "-" && !isIpAddress(w[i])) return `${DEFAULT_VPC_LAYOUT.names[i]} is "${w[i]}", not an IP address`;
  for (let i = 5; i <= 11; i++) if (w[i] !== "-" && !isDigits(w[i])) return `${DEFAULT_VPC_LAYOUT.names[i]} is "${w[i]}", not a number`;
  if (w[12] !== "ACCEPT" && w[12] !== "REJECT" && w[12] !== "-") return `action is "${w[12]}", not ACCEPT, REJECT or -`;
  if (w[13] !== "OK" && w[13] !== "NODATA" && w[13] !== "SKIPDATA") return `logStatus is "${w[13]}", not OK, NODATA or SKIPDATA`;
  return undefined;
}

const READ_ALL = defaultVpcReader();
