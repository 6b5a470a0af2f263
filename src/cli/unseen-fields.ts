import type { EventSource } from "../engine/source.js";
import type { HandlerContext } from "./context.js";

/** Events read to learn which fields the logs have: enough for every event kind of a service. */
export const FIELD_SAMPLE_EVENTS = 5_000;

/**
 * After a local query returned no rows, or rows without a value: says which fields the query
 * expects in the events but that none of the first events read have, with the nearest field they
 * do have. Logs Insights is schemaless, so a misspelt field is not an error, just an empty
 * answer. The fields are found by the discovery `tolog fields` and queries use
 * (engine/field-shares.ts), vended formats and `--log-format` declarations included.
 */
export async function warnUnseenFields(
  text: string,
  events: EventSource,
  range: { start?: number; end?: number },
  ctx: HandlerContext,
  logFormats?: Record<string, string>,
): Promise<void> {
  const engine = await import("../engine/index.js");
  const { query } = engine.parseQuery(text);
  const expected = [...new Set(engine.externalFieldRefs(query).map((field) => field.name))];
  if (expected.length === 0) return;
  const counter = new engine.FieldCounter(logFormats);
  for await (const event of events.read({ ...range }, { recordsScanned: 0, bytesScanned: 0 })) {
    counter.add(event);
    if (counter.events >= FIELD_SAMPLE_EVENTS) break;
  }
  if (counter.events === 0) return;
  const known = counter.shares().map((share) => share.name);
  const seen = new Set(known);
  const unknown: string[] = [];
  for (const name of expected) {
    if (seen.has(name) || known.some((k) => k.startsWith(`${name}.`))) continue;
    const near = known.find((k) => k.toLowerCase() === name.toLowerCase()) ?? engine.didYouMean(name, known);
    if (!near) unknown.push(name);
    ctx.warn(
      `no event among the first ${counter.events.toLocaleString("en-US")} read has a field "${name}"; ` +
        (near ? `did you mean "${near}"? (field names are case-sensitive)` : "check its spelling (field names are case-sensitive)."),
    );
  }
  // A declared format has said what the lines are.
  const vended = logFormats === undefined || Object.keys(logFormats).length === 0 ? engine.vendedFieldHint(unknown) : undefined;
  if (vended !== undefined) ctx.warn(`${vended}.`);
}

/** Whether the rows say nothing: none, or none with a value (a stats by fields no event has gives one empty row). */
export function rowsSayNothing(rows: readonly Record<string, string>[]): boolean {
  return rows.every((row) => Object.keys(row).every((key) => key === "@ptr"));
}
