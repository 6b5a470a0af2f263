/**
 * The time CloudWatch gives an event of an AWS log whose text carries it elsewhere than at its
 * start, for such a line read from a plain file (envelopes of a pulled store carry their own):
 * - a VPC flow record of the default format: its `start`, epoch seconds ("In CloudWatch Logs,
 *   the timestamp field corresponds to the start time that's captured in the flow log record",
 *   VPC user guide, "Publish flow logs to CloudWatch Logs");
 * - a Route 53 public DNS query log line: its query timestamp.
 * Only a line its recogniser reads whole has one: a near miss has no time of its own, and nor
 * does a line of a declared custom format (`--log-format vpc:...`), since the source reads lines
 * before any group's declaration applies; both take the time of the lines around them.
 */
import { recogniseRoute53 } from "./route53.js";
import { defaultVpcReader, recogniseDefaultVpc } from "./vpc-flow.js";

const readStart = defaultVpcReader(["startTime"]);

/** The event time (epoch ms) of a VPC flow record or a Route 53 query log line, else NaN. */
export function vendedTextTime(message: string): number {
  const c = message.charCodeAt(0);
  if (c === 50 /* 2 */) {
    const start = recogniseDefaultVpc(message, undefined, readStart)?.startTime;
    return typeof start === "number" ? start * 1000 : NaN;
  }
  if (c === 49 /* 1 */) {
    const time = recogniseRoute53(message, undefined)?.queryTimestamp;
    return typeof time === "string" ? Date.parse(time) : NaN;
  }
  return NaN;
}
