import type { ResultRow } from "../api.js";

/**
 * The shape of an expectation of the AWS sample-query walk (corpus-run.test.ts), and the names of
 * fixtures/vended's groups, streams and times it is written with. Times are those of
 * generate.mjs (T0 = 2026-11-20 10:00 UTC); `FIXTURE_NOW` is two hours later.
 */
export interface CorpusExpectation {
  /** The query's first characters, so that a renumbered corpus fails loudly. */
  startsWith: string;
  /** What the documentation says the query finds. */
  why: string;
  /** Log groups to read (all of them when absent). */
  groups?: string[];
  rows: ResultRow[];
  /** Columns compared (default: those the expected rows name). */
  columns?: string[];
  /**
   * Row order: exactly as listed (default); `any` (a stats without sort); or a column name: the
   * query sorts by it, so its values come in the listed order, ties in any order.
   */
  order?: "any" | string;
  /** The number of rows, when `rows` lists only the first ones. */
  count?: number;
}

export const FIXTURE_NOW = Date.parse("2026-11-20T12:00:00.000Z");

export const LAMBDA = ["/aws/lambda/orders"];
export const VPC = ["vpc-flow-logs"];
export const ROUTE53 = ["/aws/route53/example.com"];
export const TRAIL = ["aws-cloudtrail-logs-123456789012"];
export const API = ["/api-gateway-logs/orders-api"];
export const APP = ["/app-logs/orders"];
export const ACCOUNTS = ["/ecs/accounts"];
export const CHECKOUT = ["/ecs/checkout"];

export const at = (hms: string) => `2026-11-20 ${hms}.000`;
export const APP_TIMES = ["11:03:20", "11:02:30", "11:01:40", "10:03:20", "10:02:40", "10:02:10", "10:01:40", "10:01:10", "10:00:40", "10:00:20", "10:00:00"].map((t) => ({ "@timestamp": at(t) }));
export const ENI_B = "eni-0fedcba9876543210";
export const S1 = "2026/11/20/[$LATEST]0a1b2c3d4e5f60718293a4b5c6d7e8f9";
export const S2 = "2026/11/20/[$LATEST]f9e8d7c6b5a4938271605f4e3d2c1b0a";
export const request = (n: number) => `a1000000-0000-4000-8000-00000000000${n}`;
export const count = (n: number) => String(n);
export const UNKNOWN_TRAIL = "Unknown trail: my-trail for the user: 123456789012";
