import { serviceUnavailable, throttling, type AwsError } from "./errors.js";
import { seededRandom } from "../prng.js";

/**
 * Controlled misbehaviour for tests and demos: `throttle=0.2,latency=300ms,fail=0.05,query-time=2s`.
 * Each request first waits `latency`, then is throttled with probability `throttle`
 * (ThrottlingException, 400), else fails with probability `fail` (ServiceUnavailableException,
 * 500). `query-time` makes every query take that long: Scheduled for the first fifth, then
 * Running while the scan is paced over the rest, so partial results can be watched. `seed`
 * makes the coin flips repeatable.
 */
export interface Faults {
  throttle: number;
  fail: number;
  latencyMs: number;
  queryTimeMs: number;
  seed?: number;
}

export const NO_FAULTS: Faults = { throttle: 0, fail: 0, latencyMs: 0, queryTimeMs: 0 };

/** Parses the `--inject` text; throws an Error naming the bad part. */
export function parseFaults(text: string | undefined): Faults {
  const faults: Faults = { ...NO_FAULTS };
  if (!text) return faults;
  for (const part of text.split(",")) {
    const item = part.trim();
    if (item === "") continue;
    const eq = item.indexOf("=");
    if (eq < 0) throw new Error(`--inject item "${item}" needs a value (name=value)`);
    const name = item.slice(0, eq).trim();
    const value = item.slice(eq + 1).trim();
    switch (name) {
      case "throttle":
        faults.throttle = probability(name, value);
        break;
      case "fail":
        faults.fail = probability(name, value);
        break;
      case "latency":
        faults.latencyMs = duration(name, value);
        break;
      case "query-time":
        faults.queryTimeMs = duration(name, value);
        break;
      case "seed":
        faults.seed = Number.parseInt(value, 10);
        if (!Number.isFinite(faults.seed)) throw new Error(`--inject seed must be an integer, got "${value}"`);
        break;
      default:
        throw new Error(`unknown --inject item "${name}" (known: throttle, fail, latency, query-time, seed)`);
    }
  }
  return faults;
}

function probability(name: string, value: string): number {
  const p = Number(value);
  if (value === "" || !Number.isFinite(p) || p < 0 || p > 1) {
    throw new Error(`--inject ${name} must be a probability between 0 and 1, got "${value}"`);
  }
  return p;
}

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export function duration(name: string, value: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(value);
  if (!match) throw new Error(`--inject ${name} must be a duration like 300ms, 2s or 1m, got "${value}"`);
  return Math.round(Number(match[1]) * UNITS[match[2] ?? "ms"]);
}

/** Decides, request by request, what goes wrong. */
export class FaultInjector {
  private readonly random: () => number;

  constructor(readonly faults: Faults) {
    this.random = faults.seed === undefined ? Math.random : seededRandom(faults.seed);
  }

  /** Waits the injected latency; returns the error to answer with, if any. */
  async before(): Promise<AwsError | undefined> {
    if (this.faults.latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, this.faults.latencyMs));
    if (this.faults.throttle > 0 && this.random() < this.faults.throttle) return throttling();
    if (this.faults.fail > 0 && this.random() < this.faults.fail) return serviceUnavailable();
    return undefined;
  }
}
