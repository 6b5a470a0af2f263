import { readFileSync, readdirSync } from "node:fs";
import { basename, join } from "node:path";
// The CLI's own reader of the `queries/*.insights` format, so that what is deployed is exactly
// what `tolog queries check` validates. Only this pure module is imported (no CLI code).
import { SAVED_QUERY_FOLDER, TASKOVERFLOW_LOG_GROUP, type SavedQuery, parseSavedQuery } from "../../src/saved/saved-query.js";

export type { SavedQuery };
export { SAVED_QUERY_FOLDER, TASKOVERFLOW_LOG_GROUP };

/** Every `*.insights` file of `dir`, sorted by name; a file with problems stops the synth. */
export function readSavedQueries(dir: string): SavedQuery[] {
  const files = readdirSync(dir).filter((f) => f.endsWith(".insights")).sort();
  return files.map((file) => {
    const { query, problems } = parseSavedQuery(basename(file, ".insights"), readFileSync(join(dir, file), "utf8"), file);
    if (problems.length > 0) {
      throw new Error(`saved query ${file} has problems (run \`tolog queries check\`):\n` + problems.map((p) => `  ${file}:${p.line}: ${p.message}`).join("\n"));
    }
    return query;
  });
}
