import { existsSync, readdirSync, readFileSync } from "node:fs";
import { basename, join } from "node:path";
import { UserError } from "../shared/errors.js";
import { similarChoices } from "../engine/suggest.js";
import type { SavedQuery, SavedQueryProblem } from "./saved-query.js";
import { parseSavedQuery } from "./saved-query.js";
import type { SavedQueryLookup } from "./invocations.js";

export const SAVED_QUERY_EXTENSION = ".insights";

export interface LoadedQuery {
  query: SavedQuery;
  problems: SavedQueryProblem[];
}

/**
 * Every saved query in `dirs`, sorted by name. Directories come in order of precedence: a name
 * found in an earlier one hides the same name in later ones (a team's `--queries-dir` can
 * override a bundled query). Missing directories are skipped; callers check the ones the user
 * named.
 */
export function listSavedQueries(dirs: readonly string[]): LoadedQuery[] {
  const byName = new Map<string, LoadedQuery>();
  for (const dir of dirs) {
    if (!existsSync(dir)) continue;
    for (const file of readdirSync(dir).sort()) {
      if (!file.endsWith(SAVED_QUERY_EXTENSION)) continue;
      const name = basename(file, SAVED_QUERY_EXTENSION);
      if (!byName.has(name)) byName.set(name, readQueryFile(join(dir, file), name));
    }
  }
  return [...byName.values()].sort((a, b) => a.query.name.localeCompare(b.query.name));
}

/** The saved query called `name`, or a UserError that suggests the closest name. */
export function findSavedQuery(name: string, dirs: readonly string[]): LoadedQuery {
  // The file named after the query in the first directory that lists it is the one the whole
  // list would pick: found without reading and checking every other saved query (each
  // analysis looks its query up at start-up).
  const file = name + SAVED_QUERY_EXTENSION;
  if (basename(file) === file) {
    for (const dir of dirs) {
      if (existsSync(dir) && readdirSync(dir).includes(file)) return readQueryFile(join(dir, file), name);
    }
  }
  const all = listSavedQueries(dirs);
  const found = all.find((loaded) => loaded.query.name === name);
  if (found) return found;
  const names = all.map((loaded) => loaded.query.name);
  const suggestion = similarChoices(name, names).at(0);
  throw new UserError(`No saved query named "${name}".`, {
    hint: suggestion
      ? `Did you mean "${suggestion}"? \`tolog queries list\` shows them all.`
      : names.length > 0
        ? `Saved queries: ${names.join(", ")}. Add your own as <name>${SAVED_QUERY_EXTENSION} in a directory given to --queries-dir.`
        : `No saved queries were found; add <name>${SAVED_QUERY_EXTENSION} files to a directory given to --queries-dir.`,
  });
}

/** A query file (`--file`): the same format; the name is the file name. */
export function readQueryFile(path: string, name = basename(path, SAVED_QUERY_EXTENSION)): LoadedQuery {
  return parseSavedQuery(name, readFileSync(path, "utf8"), path);
}

/** The problems as `path:line: message` lines. */
export function formatProblems(loaded: LoadedQuery, display: (path: string) => string = (path) => path): string {
  const where = loaded.query.path === undefined ? loaded.query.name : display(loaded.query.path);
  return loaded.problems.map((p) => `${where}:${p.line}: ${p.message}`).join("\n");
}

/** The saved queries of `dirs` for `$Name(...)` invocations (read once, when first needed). */
export function savedQueryLookup(dirs: readonly string[]): SavedQueryLookup {
  let all: LoadedQuery[] | undefined;
  const queries = (): LoadedQuery[] => (all ??= listSavedQueries(dirs));
  return {
    find: (name) => queries().find((loaded) => loaded.query.name === name)?.query,
    names: () => queries().map((loaded) => loaded.query.name),
  };
}
