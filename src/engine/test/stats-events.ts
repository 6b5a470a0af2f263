import type { LogEvent } from "../source.js";

/**
 * Events for the stats tests (commands/stats-*.test.ts): four in five are VPC flow records whose
 * addresses come from `subnets` x `hosts` (a twentieth of addresses and numbers are `-`), the
 * rest JSON lines with values of mixed types under `k` and, under `x`, numbers whose sums one
 * double cannot hold (fractions, 1e16 against -1e16, 1e308, Infinity), some with a `srcAddr`.
 */
export function mixedEvents(random: () => number, n: number, { subnets = 4, hosts = 30 } = {}): LogEvent[] {
  const address = (): string => (random() < 0.05 ? "-" : `10.0.${Math.floor(random() * subnets)}.${Math.floor(random() * hosts)}`);
  const number = (): string => (random() < 0.05 ? "-" : String(Math.floor(random() * 5000)));
  return Array.from({ length: n }, (_, i) => {
    const timestamp = Date.UTC(2026, 10, 21) + i * 1000;
    let message: string;
    if (random() < 0.8) {
      const action = ["ACCEPT", "REJECT", "-"][Math.floor(random() * 3)];
      const status = action === "-" ? "NODATA" : "OK";
      message = `2 123456789012 eni-0a1b ${address()} ${address()} ${number()} ${number()} 6 ${number()} ${number()} ${timestamp / 1000} ${timestamp / 1000 + 60} ${action} ${status}`;
    } else {
      const x = [0.1, 1e16, -1e16, 3, "7", 2.5e-8, 1e308, Number.MAX_SAFE_INTEGER, Infinity][Math.floor(random() * 9)];
      const k = [1, "1", null, "a", true][Math.floor(random() * 5)];
      message = JSON.stringify({ x, k, srcAddr: random() < 0.5 ? undefined : address() });
    }
    return { timestamp, ingestionTime: timestamp, message, logGroup: "g", logStream: "s", ptr: String(i) };
  });
}
