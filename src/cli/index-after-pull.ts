import { listSavedQueries } from "../saved/load.js";
import { sampleValues } from "../saved/sample-values.js";
import { substitute } from "../saved/substitute.js";
import { formatBytes } from "../output/footer.js";
import type { HandlerContext } from "./context.js";
import { printSentence } from "./print-note.js";

/**
 * The fields that saved queries look values up in: a required parameter compared with `=` or
 * `in` (`filter request_id = {{request_id}}`), the lookups a field index turns into a few reads.
 * Fields compared with fixed values (`method in ["GET", ...]`) are left out: most blocks hold them.
 */
export async function lookupFields(dirs: readonly string[]): Promise<string[]> {
  const { indexKeysOf } = await import("../engine/index.js");
  const fields = new Set<string>();
  for (const { query, problems } of listSavedQueries(dirs)) {
    if (problems.length > 0) continue;
    const values = sampleValues(query);
    const probes = new Map<string, string>();
    for (const param of query.params) {
      if (param.default !== undefined) continue;
      values[param.name] = `tolog-probe-${param.name}`;
      probes.set(values[param.name], param.name);
    }
    if (probes.size === 0) continue;
    for (const key of indexKeysOf(substitute(query.text, values))) {
      if (key.values.some((v) => probes.has(v))) fields.add(key.field);
    }
  }
  return [...fields].sort();
}

/** After `tolog pull`: indexes (or extends the indexes of) the pulled files on the saved queries' lookup fields. */
export async function indexAfterPull(out: string, dirs: readonly string[], ctx: HandlerContext): Promise<void> {
  const fields = await lookupFields(dirs);
  if (fields.length === 0) return;
  const { indexLogs } = await import("../sources/local/index.js");
  const started = performance.now();
  let outcomes;
  try {
    outcomes = await indexLogs([out], fields, { onWarning: (m) => ctx.warn(m) });
  } catch (error) {
    // The pull itself succeeded: queries read the files whole until an index is made.
    ctx.warn(`could not index ${out} (${(error as Error).message}); queries read the files whole. Try: tolog index --logs ${out} --field ${fields[0]}`);
    return;
  }
  const indexBytes = outcomes.reduce((sum, o) => sum + o.indexBytes, 0);
  printSentence(ctx, `indexed ${fields.join(", ")} (${formatBytes(indexBytes)}, ${((performance.now() - started) / 1000).toFixed(1)} s): tolog trace reads only the matching blocks`);
}
