import { mismatchedShadows } from "../analyses/saved-query-loader.js";
import type { HandlerContext } from "./context.js";
import type { FollowUp } from "./follow-up.js";
import { queryDirs } from "./query-text.js";

/**
 * `followUp`, warning once on stderr when a command it builds runs an analysis whose query a
 * --queries-dir file hides without taking its parameters: pasted, that command would be refused.
 */
export function warnOfShadowedQueries(followUp: FollowUp, args: Parameters<typeof queryDirs>[0], ctx: HandlerContext): FollowUp {
  // tolog's own queries alone fit their analyses (a test checks it).
  if (args.queriesDir === undefined) return followUp;
  let shadows: ReturnType<typeof mismatchedShadows> | undefined;
  const warned = new Set<string>();
  const warning = (words: readonly string[]) => {
    shadows ??= mismatchedShadows(queryDirs(args, ctx));
    for (const shadow of shadows) {
      if (shadow.command !== words[0] || warned.has(shadow.name)) continue;
      warned.add(shadow.name);
      ctx.warn(`${shadow.where} hides tolog's own "${shadow.name}" query without its parameters, so the \`tolog ${shadow.command}\` command printed would be refused; \`tolog queries check\` says why`);
    }
    return followUp(words);
  };
  return followUp.placeholder === undefined ? warning : Object.assign(warning, { placeholder: followUp.placeholder });
}
