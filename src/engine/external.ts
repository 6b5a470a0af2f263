import type { Query, SourceCall } from "./ast.js";
import type { RunOptions } from "./api.js";
import type { EventSource, ReadStatistics } from "./source.js";
import type { SubqueryResult } from "./compile/types.js";
import { QueryError } from "./diagnostics.js";
import { compileQuery } from "./compile/query.js";
import { subqueriesOf } from "./compile/subqueries.js";
import { Pipeline } from "./commands/pipeline.js";
import { Row } from "./record.js";
import { inBatches } from "./source.js";
import { readOptionsFor } from "./run.js";

/**
 * Runs the subqueries of a query (`join`, `appendcols`, `in (...)`) before the query itself:
 * each over the log groups its SOURCE names (every one must exist, TL705) or, without SOURCE,
 * over the query's own, in the same time range. A join's and an `in`'s subquery give all their
 * rows; an appendcols subquery its first `max` rows in its own order.
 */
export async function runSubqueries(query: Query, source: EventSource, options: RunOptions & { now: number }): Promise<Map<Query, SubqueryResult>> {
  const results = new Map<Query, SubqueryResult>();
  const subqueries = subqueriesOf(query.commands);
  if (subqueries.length === 0) return results;
  const groups = await source.listGroups();
  const env = { now: options.now, start: options.start, end: options.end, external: { lookups: options.lookups } };
  for (const command of query.commands) {
    for (const sub of subqueriesOf([command])) {
      const appendcols = command.kind === "appendcols" ? command : undefined;
      const { plan, diagnostics } = compileQuery(sub, {
        env,
        unbounded: appendcols === undefined,
        allFields: command.kind === "join",
        limit: appendcols?.max,
      });
      if (diagnostics.length > 0) throw new QueryError(query.text, diagnostics);
      checkGroupsExist(query.text, sub, groups);
      const read: ReadStatistics = { recordsScanned: 0, bytesScanned: 0 };
      const pipeline = new Pipeline(plan.stages);
      let seq = 0;
      for await (const batch of inBatches(source.read(readOptionsFor(plan, { start: options.start, end: options.end, groups: options.groups, signal: options.signal }), read))) {
        for (const event of batch) pipeline.push(new Row(event, seq++, plan.counter));
        if (options.signal?.aborted) throw new DOMException("The query was cancelled", "AbortError");
      }
      results.set(sub, { rows: pipeline.finish(), columns: plan.columns });
    }
  }
  return results;
}

/** A subquery's SOURCE must name log groups that exist: a misspelt one would join nothing. */
function checkGroupsExist(text: string, sub: Query, groups: readonly string[]): void {
  const calls: SourceCall[] = sub.commands.flatMap((c) => (c.kind === "source" ? c.calls : []));
  const missing = [];
  for (const call of calls) {
    if (call.quoted) {
      if (!groups.includes(call.name)) missing.push({ call, what: `log group "${call.name}"` });
      continue;
    }
    const prefixes = call.named.namePrefix;
    const items = prefixes === undefined ? [] : prefixes.kind === "list" ? prefixes.items : [prefixes];
    for (const item of items) {
      if (item.kind === "string" && !groups.some((g) => g.startsWith(item.value))) missing.push({ call, what: `log groups starting with "${item.value}"` });
    }
  }
  if (missing.length === 0) return;
  const known = groups.length > 0 ? `log groups here: ${groups.slice(0, 10).join(", ")}${groups.length > 10 ? ", ..." : ""}` : "there are no log groups here";
  throw new QueryError(
    text,
    missing.map(({ call, what }) => ({ code: "TL705" as const, message: `the subquery reads ${what}, and there are none`, span: call.span, help: `${known}; a local log group is a directory under --logs` })),
  );
}
