/**
 * A field reference's evaluator, made for its name: `row.get(name)` read the event's fields with a
 * name that varied (every field of the query went through the one property load in `ownField`),
 * which V8 answers through its generic lookup, and then checked `Object.hasOwn`; the same load with
 * the name written in a function of its own is one shape check and a load where the fields object
 * has one shape (what the extractor makes for every flat line). Three reads an event were 8% of a
 * `stats count(*), avg(duration_ms), pct(duration_ms, 95) by sql` scan's instructions.
 */
import { SYSTEM_FIELDS } from "../record.js";
import type { Evaluator } from "./types.js";

const readers = new Map<string, Evaluator>();
/** Names kept (a server runs queries for days): past these, a name gets a reader of its own each time. */
const MAX_KEPT = 10_000;

/** The evaluator of field `name`: the same answer as `row.get(name)`, one per name and thread. */
export function fieldReader(name: string): Evaluator {
  let reader = readers.get(name);
  if (reader === undefined) {
    reader = makeReader(name);
    if (readers.size < MAX_KEPT) readers.set(name, reader);
  }
  return reader;
}

function makeReader(name: string): Evaluator {
  if (SYSTEM_FIELDS.has(name)) return (row) => row.get(name);
  const quoted = JSON.stringify(name);
  // A name the objects' prototype has (`constructor`, `toString`, ...) is the event's only when it is its own.
  const own = name in Object.prototype ? ` && hasOwn(fields, ${quoted})` : "";
  const make = new Function(
    "hasOwn",
    `return (row) => {\n` +
      `  const fields = row.plainFields();\n` +
      `  if (fields !== undefined) {\n` +
      `    const value = fields[${quoted}];\n` +
      // Absent: \`get\` would look in the fields commands set, and there are none.
      `    return value !== undefined${own} ? value : null;\n` +
      `  }\n` +
      `  return row.get(${quoted});\n` +
      `};`,
  ) as (hasOwn: typeof Object.hasOwn) => Evaluator;
  return make(Object.hasOwn);
}
