/**
 * Which vended text format a line is in, by its first character and then its shape; called only
 * for lines that do not start with `{` (JSON lines never pay for it). Each recogniser gives the
 * line's fields, `null` for a line that almost matches its format (it keeps only the system
 * fields, and the tally says so), or undefined for a line that is not in its format.
 */
import type { DiscoveredFields } from "../discover.js";
import type { DeclaredFormat } from "./log-format.js";
import type { LineTally } from "./tally.js";
import { recogniseLambdaText } from "./lambda.js";
import { recogniseRoute53 } from "./route53.js";
import { recogniseDeclaredVpc, recogniseDefaultVpc, type DefaultReader } from "./vpc-flow.js";

/** What reading a text line may use: its group's declared format, where to count, which VPC fields to make. */
export interface TextContext {
  declared?: DeclaredFormat;
  tally?: LineTally;
  /** Makes the default VPC format's fields (only those a query reads: `defaultVpcReader`). */
  readVpc?: DefaultReader;
}

export function recogniseText(message: string, context: TextContext | undefined): DiscoveredFields | null | undefined {
  const declared = context?.declared;
  const tally = context?.tally;
  if (declared !== undefined) {
    switch (declared.kind) {
      case "vpc":
        return recogniseDeclaredVpc(message, declared.layout, tally);
      case "route53":
        return recogniseRoute53(message, tally, true);
      case "lambda":
        return recogniseLambdaText(message, tally);
      default:
        return undefined;
    }
  }
  const c = message.charCodeAt(0);
  // START / END / REPORT
  if (c === 83 || c === 69 || c === 82) return recogniseLambdaText(message, tally);
  // VPC flow logs start with their version (2 in the default format), Route 53 logs with `1.0`.
  if (c === 50) return recogniseDefaultVpc(message, tally, context?.readVpc);
  if (c === 49) return recogniseRoute53(message, tally);
  return undefined;
}
