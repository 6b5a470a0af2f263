import type { ChaosConfig } from "./config.js";
import type { AppLogger } from "./logging/logger.js";

export type ChaosDecision = { kind: "none" } | { kind: "latency"; delayMs: number } | { kind: "failure" };

/**
 * The demo chaos switch, in the spirit of the seed workshop's CHAOSMODE: some requests get extra
 * latency, a few fail with a 500 before reaching their handler. Off unless CHAOS_MODE=on. Every
 * injection is its own warn-level event (`chaos_latency`, `chaos_failure`), so the logs reveal it.
 */
export function createChaos(config: ChaosConfig, log: AppLogger, random: () => number = Math.random) {
  return {
    enabled: config.enabled,
    decide(): ChaosDecision {
      if (!config.enabled) return { kind: "none" };
      if (random() < config.failureRate) return { kind: "failure" };
      if (random() < config.latencyRate) {
        const delayMs = Math.round(config.latencyMs * (0.25 + 0.75 * random()));
        return { kind: "latency", delayMs };
      }
      return { kind: "none" };
    },
    /** Applies a decision inside the request's context; resolves false when the request must fail. */
    async apply(d: ChaosDecision): Promise<boolean> {
      if (d.kind === "latency") {
        log.warn("app", { event: "chaos_latency", delay_ms: d.delayMs }, `chaos: delaying the request by ${d.delayMs} ms`);
        await new Promise((r) => setTimeout(r, d.delayMs));
        return true;
      }
      if (d.kind === "failure") {
        log.warn("app", { event: "chaos_failure", status: 500 }, "chaos: failing the request with a 500");
        return false;
      }
      return true;
    },
  };
}

export type Chaos = ReturnType<typeof createChaos>;
