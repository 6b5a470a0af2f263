/**
 * Route 53 public DNS query logs: `1.0 2017-12-13T08:16:02.130Z Z123412341234 example.com A
 * NOERROR UDP FRA6 192.168.1.1 -`, ten fields separated by spaces. Discovered as CloudWatch
 * names them: `version, queryTimestamp, hostZoneId, queryName, queryType, responseCode,
 * protocol, edgeLocation, resolverIp, ednsClientSubnet`, every value as written (text), a `-`
 * (no EDNS client subnet) a missing value as in VPC flow logs (`NO_VALUE`).
 * (Route 53 Resolver query logs are JSON: ordinary JSON discovery reads them.)
 */
import type { DiscoveredFields } from "../discover.js";
import type { LineTally } from "./tally.js";
import { isIpAddress, words } from "./tokens.js";
import { NO_VALUE } from "./vpc-flow.js";

const FIELD_COUNT = 10;
const VERSION = /^\d+\.\d+$/;
const VERSION_PREFIX = /^\d+\.\d+ /;
const ISO_TIME = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z$/;
const ZONE_ID = /^Z[0-9A-Z]+$/;
const UPPER_WORD = /^[A-Z0-9]+$/;

const scratch: string[] = [];

export function recogniseRoute53(message: string, tally: LineTally | undefined, declared = false): DiscoveredFields | null | undefined {
  if (!declared && !VERSION_PREFIX.test(message)) return undefined;
  const n = words(message, scratch, FIELD_COUNT);
  const startsLikeOne = n >= 3 && VERSION.test(scratch[0]) && ISO_TIME.test(scratch[1]) && ZONE_ID.test(scratch[2]);
  if (!startsLikeOne && !declared) return undefined;
  const problem = !startsLikeOne ? "it does not start with a version, an ISO time and a hosted zone id" : n !== FIELD_COUNT ? `${n > FIELD_COUNT ? "more than 10" : n} fields, the format has 10` : fieldProblem(scratch);
  if (problem !== undefined) {
    tally?.nearMiss("route53", problem, message);
    return null;
  }
  tally?.recognised("route53");
  const w = scratch;
  return {
    version: w[0],
    queryTimestamp: w[1],
    hostZoneId: w[2],
    queryName: w[3],
    queryType: w[4],
    responseCode: w[5],
    protocol: w[6],
    edgeLocation: w[7],
    resolverIp: w[8],
    ednsClientSubnet: w[9] === "-" ? NO_VALUE : w[9],
  };
}

function fieldProblem(w: string[]): string | undefined {
  if (!UPPER_WORD.test(w[4])) return `queryType is "${w[4]}", not a record type`;
  if (!UPPER_WORD.test(w[5])) return `responseCode is "${w[5]}", not a DNS response code`;
  if (w[6] !== "UDP" && w[6] !== "TCP") return `protocol is "${w[6]}", not UDP or TCP`;
  if (!isIpAddress(w[8])) return `resolverIp is "${w[8]}", not an IP address`;
  return undefined;
}
