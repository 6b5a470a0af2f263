import type { HandlerContext } from "./context.js";
import { commandLines } from "../analyses/render-options.js";
import { wrapToWidth } from "../output/text-width.js";

/**
 * A note for stderr (columns left out to fit, ...), dimmed: on a terminal wrapped at words to
 * its width, later lines indented, as the analyses' sentences are; whole otherwise.
 */
export function printNote(ctx: HandlerContext, message: string): void {
  for (const line of sentenceLines(ctx, message)) ctx.info(ctx.chalk.dim(line));
}

/** A sentence for stderr (a summary), wrapped as a note is, not dimmed. */
export function printSentence(ctx: HandlerContext, message: string): void {
  for (const line of sentenceLines(ctx, message)) ctx.info(line);
}

/**
 * A command to run next, for stderr: `label` and the command, on a terminal cut between shell
 * words with a continuation (` \`), so that the lines pasted still run as one command.
 */
export function printCommand(ctx: HandlerContext, label: string, command: string): void {
  const options = { chalk: ctx.chalk, width: ctx.io.columns ?? 80, wrap: ctx.io.isTTY, command: () => command };
  for (const line of commandLines(label, options, [])) ctx.info(line);
}

function sentenceLines(ctx: HandlerContext, message: string): string[] {
  return ctx.io.isTTY ? wrapToWidth(message, ctx.io.columns ?? 80, "  ") : [message];
}
