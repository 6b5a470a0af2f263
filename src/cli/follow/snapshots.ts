import type { Instance } from "ink";
import { loadInk } from "../../analyses/show-interactive.js";
import type { HandlerContext } from "../context.js";

/** Where a redrawn result goes: in place on a terminal, or printed anew when stdout is a file or a pipe. */
export interface Snapshots {
  /** Shows the result `draw` makes for a screen of `width` x `height` lines (the status line aside). */
  show(draw: (width: number, height: number) => string, status: string): void;
  end(): Promise<void>;
}

/**
 * On a terminal, an ink view redrawn in place; its frame is cut to the screen's height, since a
 * frame taller than the screen makes ink clear it and the top lines scroll away.
 */
export async function liveScreen(ctx: HandlerContext): Promise<Snapshots> {
  const [{ render, createElement }, { LiveScreen }] = await Promise.all([loadInk(), import("./live-screen.js")]);
  let instance: Instance | undefined;
  const size = () => ({ width: process.stdout.columns ?? ctx.io.columns ?? 80, height: process.stdout.rows ?? ctx.io.rows ?? 24 });
  return {
    show(draw, status) {
      const { width, height } = size();
      const element = createElement(LiveScreen, { body: screenBody(draw, width, height), status });
      if (instance) instance.rerender(element);
      else instance = render(element, { exitOnCtrlC: false, patchConsole: false });
    },
    async end() {
      instance?.unmount();
      await instance?.waitUntilExit().catch(() => {});
    },
  };
}

/** What `draw` makes for a terminal of `width` x `height`, cut to fit with the status line under it. */
export function screenBody(draw: (width: number, height: number) => string, width: number, height: number): string {
  // A line of room for the status, one for a wrapped command, one spare.
  return draw(width, height - 3).split("\n").slice(0, Math.max(1, height - 3)).join("\n");
}

/**
 * Not a terminal: each redraw is printed after the one before, a table under a line with the
 * time and the status, a machine format as it is (json: one document per line).
 */
export function printedSnapshots(ctx: HandlerContext, headed: boolean): Snapshots {
  return {
    show(draw, status) {
      if (headed) ctx.print(`── ${status} ──`);
      ctx.print(draw(ctx.io.columns ?? 160, Number.POSITIVE_INFINITY));
    },
    end: async () => {},
  };
}
