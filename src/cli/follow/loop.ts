import type { EventFeed } from "../../engine/feed.js";
import type { LogEvent } from "../../engine/source.js";
import { interruptedExitCode, whileStoppable } from "../../shared/signals.js";

export interface FollowHandlers {
  /** Every batch of events, as polled. */
  events(events: readonly LogEvent[]): void | Promise<void>;
  /** Once per interval (and once the backlog is read), when events came since the last time. */
  tick(): void | Promise<void>;
  /** After the last tick: release what the output holds (an ink view). */
  end?(): void | Promise<void>;
}

export interface FollowRun {
  feed: EventFeed;
  intervalMs: number;
  handlers: FollowHandlers;
  /** Ends the loop (tests); a signal (Ctrl-C, SIGTERM) ends it too. */
  signal?: AbortSignal;
  /** The loop ended by itself (a limit reached, stdin closed and read): no more ticks are needed. */
  finished?: () => boolean;
}

/**
 * Polls the feed until interrupted: events go to the handlers as they come; the result is redrawn
 * at most once per interval (the first time at once), and only when something arrived. A
 * backlog (a big file when following began, a busy log group) is read poll after poll without
 * waiting. Interrupted, it
 * closes the feed and the view and returns the signal's exit code (130 for Ctrl-C).
 */
export async function followLoop(run: FollowRun): Promise<number> {
  const stop = new AbortController();
  const onOuterAbort = () => stop.abort();
  run.signal?.addEventListener("abort", onOuterAbort, { once: true });
  let interrupted = false;
  try {
    await whileStoppable(
      () => {
        interrupted = true;
        stop.abort();
      },
      async () => {
        let changed = true;
        let lastTick = -Infinity;
        while (!stop.signal.aborted) {
          const { events, behind } = await run.feed.poll();
          if (events.length > 0) {
            await run.handlers.events(events);
            changed = true;
          }
          const now = performance.now();
          if (changed && now - lastTick >= run.intervalMs) {
            await run.handlers.tick();
            lastTick = now;
            changed = false;
          }
          if (run.finished?.()) break;
          if (!behind) await pause(run.feed.pollEveryMs, stop.signal);
        }
      },
    );
  } finally {
    run.signal?.removeEventListener("abort", onOuterAbort);
    await run.handlers.end?.();
    await run.feed.close();
  }
  return interrupted ? interruptedExitCode() : 0;
}

function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
  });
}
