/**
 * VPC flow logs: one record per line, fields separated by spaces, in the default format (version
 * 2, 14 fields) or in a custom format whose field list the user declares (`--log-format
 * vpc:'${version} ${srcaddr} ...'`), since the line itself does not say which fields it holds.
 *
 * Field names are those CloudWatch discovers ("Supported logs and discovered fields": `version,
 * accountId, interfaceId, srcAddr, dstAddr, srcPort, dstPort, protocol, packets, bytes,
 * startTime, endTime, action, logStatus`); the fields of later versions are named the same way
 * (`VPC_FIELD_NAMES`). Counts, ports, times and numeric codes are numbers; `-` (no value, as in
 * NODATA records) is kept as the text `-`. Decisions: DECISIONS.md, "Vended logs".
 */
import type { DiscoveredFields } from "../discover.js";
import type { LineTally, VendedFormat } from "./tally.js";
import { digitsValue, isDigits, isIpAddress, words } from "./tokens.js";

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
  // Names are plain identifiers from VPC_FIELD_NAMES; `-` stays text, other numbers are numbers.
  const values = names.map((name, i) => `${JSON.stringify(name)}: ${numeric[i] ? `n(w[${i}])` : `w[${i}]`}`);
  const make = new Function("n", `return (w) => ({${values.join(", ")}});`) as (n: (s: string) => number | string) => (w: string[]) => DiscoveredFields;
  return { format, names, numeric, build: make(numberOrDash) };
}

function numberOrDash(s: string): number | string {
  return s === "-" ? s : digitsValue(s);
}

export const DEFAULT_VPC_LAYOUT = vpcLayout(DEFAULT_VPC_FIELDS, "vpc");

const scratch: string[] = [];

/**
 * The default format recognised from the line alone: 14 words, version 2, an account id, an
 * `eni-` interface. A line that starts like one (version, account, interface) but departs from
 * the format later is a near miss: no field, and the tally says why.
 */
export function recogniseDefaultVpc(message: string, tally: LineTally | undefined): DiscoveredFields | null | undefined {
  if (message.charCodeAt(0) !== 50 /* 2 */ || message.charCodeAt(1) !== 32) return undefined;
  const n = words(message, scratch, 14);
  if (n < 3 || scratch[0] !== "2" || !isAccount(scratch[1]) || !isInterface(scratch[2])) return undefined;
  const problem = n !== 14 ? `${n > 14 ? "more than 14" : n} fields, the default format has 14` : defaultProblem(scratch);
  if (problem !== undefined) {
    tally?.nearMiss("vpc", problem, message);
    return null;
  }
  tally?.recognised("vpc");
  return DEFAULT_VPC_LAYOUT.build(scratch);
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

function defaultProblem(w: string[]): string | undefined {
  for (const i of [3, 4]) if (w[i] !== "-" && !isIpAddress(w[i])) return `${DEFAULT_VPC_LAYOUT.names[i]} is "${w[i]}", not an IP address`;
  for (let i = 5; i <= 11; i++) if (w[i] !== "-" && !isDigits(w[i])) return `${DEFAULT_VPC_LAYOUT.names[i]} is "${w[i]}", not a number`;
  if (w[12] !== "ACCEPT" && w[12] !== "REJECT" && w[12] !== "-") return `action is "${w[12]}", not ACCEPT, REJECT or -`;
  if (w[13] !== "OK" && w[13] !== "NODATA" && w[13] !== "SKIPDATA") return `logStatus is "${w[13]}", not OK, NODATA or SKIPDATA`;
  return undefined;
}
