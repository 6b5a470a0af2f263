import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { LookupTables } from "../../engine/lookup-tables.js";
import { lookupTableFromCsv } from "../../engine/lookup-tables.js";

export const LOOKUP_TABLE_EXTENSION = ".csv";

/** The documented bound on a lookup table's CSV. */
export const LOOKUP_TABLE_MAX_BYTES = 10 * 1024 * 1024;

/**
 * Lookup tables kept as `<name>.csv` files in a directory (`--lookups DIR`): `lookup name ...`
 * reads `DIR/name.csv`, when the query compiles, once per query.
 */
export function directoryLookupTables(dir: string, display: (path: string) => string = (p) => p): LookupTables {
  return {
    load(name) {
      const path = join(dir, `${name}${LOOKUP_TABLE_EXTENSION}`);
      if (!/^[A-Za-z0-9_-]+$/.test(name) || !existsSync(path)) {
        const names = existsSync(dir)
          ? readdirSync(dir)
              .filter((f) => f.endsWith(LOOKUP_TABLE_EXTENSION))
              .map((f) => f.slice(0, -LOOKUP_TABLE_EXTENSION.length))
              .sort()
          : [];
        return { missing: { names, where: `${display(dir)} (no ${name}${LOOKUP_TABLE_EXTENSION})` } };
      }
      const size = statSync(path).size;
      if (size > LOOKUP_TABLE_MAX_BYTES) {
        return { problem: { origin: display(path), line: 1, message: `the file has ${size.toLocaleString("en")} bytes; a lookup table holds at most 10 MB` } };
      }
      return lookupTableFromCsv(name, display(path), readFileSync(path, "utf8"));
    },
  };
}
