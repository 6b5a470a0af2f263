import type { HandlerContext } from "./context.js";
import { wrapToWidth } from "../output/text-width.js";

/**
 * A note for stderr (columns left out to fit, ...), dimmed: on a terminal wrapped at words to
 * its width, later lines indented, as the analyses' sentences are; whole otherwise.
 */
export function printNote(ctx: HandlerContext, message: string): void {
  const lines = ctx.io.isTTY ? wrapToWidth(message, ctx.io.columns ?? 80, "  ") : [message];
  for (const line of lines) ctx.info(ctx.chalk.dim(line));
}
